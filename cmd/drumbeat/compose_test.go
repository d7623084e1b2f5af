package main

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/drumbeat-crm/drumbeat/cmd/drumbeat/devstack"
)

// composeFile is the part of docker-compose.yml this test reads.
type composeFile struct {
	Services map[string]struct {
		Image       string            `yaml:"image"`
		Build       any               `yaml:"build"`
		Command     []string          `yaml:"command"`
		Environment map[string]string `yaml:"environment"`
		DependsOn   any               `yaml:"depends_on"`
		Ports       []string          `yaml:"ports"`
	} `yaml:"services"`
}

func dependsOn(v any) []string {
	switch d := v.(type) {
	case []any:
		var out []string
		for _, s := range d {
			out = append(out, s.(string))
		}
		return out
	case map[string]any:
		var out []string
		for k := range d {
			out = append(out, k)
		}
		return out
	}
	return nil
}

// TestDockerCompose keeps docker-compose.yml in step with the code: every
// part is defined and wired to the others the way the binary expects.
func TestDockerCompose(t *testing.T) {
	raw, err := os.ReadFile("../../docker-compose.yml")
	require.NoError(t, err)
	var f composeFile
	require.NoError(t, yaml.Unmarshal(raw, &f))

	for _, name := range []string{"postgres", "temporal", "temporal-setup", "temporal-ui", "smtp", "migrate", "worker", "api"} {
		require.Contains(t, f.Services, name)
	}
	pg := f.Services["postgres"]
	assert.True(t, strings.HasPrefix(pg.Image, "postgres:15"))

	tmp := f.Services["temporal"]
	assert.Equal(t, "postgres12", tmp.Environment["DB"], "Temporal persists in PostgreSQL")
	assert.Equal(t, "postgres", tmp.Environment["POSTGRES_SEEDS"])
	assert.Contains(t, dependsOn(tmp.DependsOn), "postgres")
	assert.Equal(t, "temporal:7233", f.Services["temporal-ui"].Environment["TEMPORAL_ADDRESS"])

	setup := strings.Join(f.Services["temporal-setup"].Command, " ")
	for _, sa := range devstack.SearchAttributes {
		assert.Contains(t, setup, sa, "search attribute %s is registered", sa)
	}

	for _, name := range []string{"migrate", "worker", "api"} {
		s := f.Services[name]
		assert.NotNil(t, s.Build, "%s builds the drumbeat image", name)
		assert.Equal(t, []string{name}, s.Command)
		assert.Contains(t, s.Environment["DATABASE_URL"], "@postgres:5432/", name)
		if name == "migrate" {
			continue
		}
		assert.Equal(t, "temporal:7233", s.Environment["TEMPORAL_ADDRESS"], name)
		assert.Equal(t, "drumbeat", s.Environment["TEMPORAL_TASK_QUEUE"], name)
		assert.Contains(t, dependsOn(s.DependsOn), "migrate", "%s starts after the migrations", name)
		assert.Contains(t, dependsOn(s.DependsOn), "temporal-setup", "%s starts after the search attributes exist", name)
	}
	assert.Equal(t, "smtp://smtp:1025", f.Services["worker"].Environment["SMTP_URL"])
	assert.Equal(t, "0.0.0.0:8080", f.Services["api"].Environment["HTTP_ADDR"])
	assert.Contains(t, f.Services["api"].Ports, "8080:8080")

	// Every variable the compose file sets is one the binary reads.
	cfgSrc, err := os.ReadFile("config.go")
	require.NoError(t, err)
	for _, name := range []string{"worker", "api"} {
		for k := range f.Services[name].Environment {
			assert.Contains(t, string(cfgSrc), `"`+k+`"`, "config.go reads %s", k)
		}
	}
	_, err = os.Stat("../../Dockerfile")
	assert.NoError(t, err)
}
