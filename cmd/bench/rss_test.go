package main

import (
	"net"
	"os"
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
