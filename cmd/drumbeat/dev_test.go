package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDevSecretIsMadeOnceAndKept: drumbeat dev makes an unsubscribe secret
// the first time and reads the same one on every later run, so the links
// in the local inbox keep working; a damaged file is replaced.
func TestDevSecretIsMadeOnceAndKept(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	first, err := devSecret(dir)
	require.NoError(t, err)
	assert.GreaterOrEqual(t, len(first), minSecretLength)
	again, err := devSecret(dir)
	require.NoError(t, err)
	assert.Equal(t, first, again)
	info, err := os.Stat(filepath.Join(dir, "unsubscribe-secret"))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "readable by its owner only")

	require.NoError(t, os.WriteFile(filepath.Join(dir, "unsubscribe-secret"), []byte("short\n"), 0o600))
	replaced, err := devSecret(dir)
	require.NoError(t, err)
	assert.NotEqual(t, "short", replaced)
	assert.GreaterOrEqual(t, len(replaced), minSecretLength)
}
