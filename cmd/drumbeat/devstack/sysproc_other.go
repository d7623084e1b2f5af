//go:build unix && !linux

package devstack

import "syscall"

// childSysProcAttr puts a child in its own process group and runs it as cred
// when given.
func childSysProcAttr(cred *syscall.Credential) *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Credential: cred}
}
