// A stand-in for registry.k8s.io/pause, which cannot be pulled here (no registry access). It
// does what the real one does for a pod sandbox: hold the pod's namespaces, reap zombies, and
// exit on SIGINT/SIGTERM. Built static and imported into containerd by the real-node mode.
module loadlab.local/pause

go 1.24.0
