//go:build tools

// Package tools pins the commands build-binaries.sh builds, so go mod tidy keeps them.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	// kubectl, where the machine has none (tools/setup/ensure-kubectl.sh).
	_ "k8s.io/kubernetes/cmd/kubectl"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	// The real node (startLocalCluster with realNode): kubelet and kube-proxy.
	_ "k8s.io/kubernetes/cmd/kube-proxy"
	_ "k8s.io/kubernetes/cmd/kubelet"
)
