//go:build tools

// Package tools pins the commands build-binaries.sh builds, so go mod tidy keeps them.
package tools

import (
	_ "go.etcd.io/etcd/server/v3"
)
