//go:build tools

// Package tools pins the commands build-binaries.sh builds, so go mod tidy keeps them.
package tools

import (
	_ "github.com/kedacore/keda/v2/cmd/adapter"
	_ "github.com/kedacore/keda/v2/cmd/operator"
)
