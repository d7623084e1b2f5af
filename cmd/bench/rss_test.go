package main

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRSSAndListenerPid(t *testing.T) {
	mb, err := rssMB(os.Getpid())
	require.NoError(t, err)
	assert.Greater(t, mb, 1.0, "a Go test process holds more than a megabyte")
	_, err = rssMB(-1)
	assert.Error(t, err)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	pid, err := listenerPid(ln.Addr().(*net.TCPAddr).Port)
	require.NoError(t, err)
	assert.Equal(t, os.Getpid(), pid)
	ln.Close()
	_, err = listenerPid(ln.Addr().(*net.TCPAddr).Port)
	assert.ErrorContains(t, err, "nothing listens")
}

// The CPU time of a process counts its children's: a busy child makes the
// parent's figure grow.
func TestCPUSecondsCountChildren(t *testing.T) {
	before, err := cpuSeconds(os.Getpid(), true)
	require.NoError(t, err)
	ownBefore, err := cpuSeconds(os.Getpid(), false)
	require.NoError(t, err)
	out, err := exec.Command("sh", "-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done").CombinedOutput()
	require.NoError(t, err, "%s", out)
	after, err := cpuSeconds(os.Getpid(), true)
	require.NoError(t, err)
	ownAfter, err := cpuSeconds(os.Getpid(), false)
	require.NoError(t, err)
	assert.Greater(t, after-before, 0.05, "the shell's loop, reaped by this process, counts")
	assert.Less(t, ownAfter-ownBefore, after-before, "without children it does not")
	_, err = cpuSeconds(-1, true)
	assert.Error(t, err)
}

func TestStatFieldsReadACommandWithBlanks(t *testing.T) {
	path := filepath.Join(t.TempDir(), "stat")
	require.NoError(t, os.WriteFile(path, []byte("42 (post gres) (x)) S 7 42 42 0 -1 4194560 1 0 0 0 150 50 30 20 20 0 1 0 9 0 0\n"), 0o644))
	assert.Equal(t, 7, parentOf(path))
	f, err := statFields(path)
	require.NoError(t, err)
	assert.Equal(t, "S", f[0])
}
