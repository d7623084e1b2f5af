package devstack

import "syscall"

// childSysProcAttr puts a child in its own process group, runs it as cred
// when given, and asks the kernel to send it SIGTERM should this process die
// without stopping it.
func childSysProcAttr(cred *syscall.Credential) *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Credential: cred, Pdeathsig: syscall.SIGTERM}
}
