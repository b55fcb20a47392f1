//go:build tools

// Package tools pins the commands build-binaries.sh builds, so go mod tidy keeps them.
package tools

import (
	_ "k8s.io/kube-state-metrics/v2"
)
