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

// condition is the depends_on condition of one dependency ("" when none).
func condition(v any, on string) string {
	if d, ok := v.(map[string]any); ok {
		if c, ok := d[on].(map[string]any); ok {
			s, _ := c["condition"].(string)
			return s
		}
	}
	return ""
}

// configVariables is every variable the binary reads: loadConfig's and
// those of Temporal's environment configuration.
func configVariables(t *testing.T) map[string]bool {
	t.Helper()
	_, _ = loadConfig()
	known := map[string]bool{}
	for _, name := range readVariables() {
		known[name] = true
	}
	require.True(t, known["DATABASE_URL"] && known["TEMPORAL_API_KEY"] && known["METRICS_ADDR"])
	return known
}

// assertConfigParses checks that the binary accepts every value of env.
func assertConfigParses(t *testing.T, where string, env map[string]string) {
	t.Helper()
	clearConfigEnv(t)
	for k, v := range env {
		t.Setenv(k, v)
	}
	_, err := loadConfig()
	assert.NoError(t, err, "%s: the binary refuses a value", where)
}

// TestDockerCompose keeps docker-compose.yml in step with the code: Temporal
// runs from the server image on a schema temporal-sql-tool set up, the
// namespace and then the migrations (with the search attributes) come
// before the worker and the API, and every variable set is one the binary
// reads, with a value it accepts.
func TestDockerCompose(t *testing.T) {
	raw, err := os.ReadFile("../../docker-compose.yml")
	require.NoError(t, err)
	assert.NotContains(t, string(raw), "auto-setup", "off Temporal's deprecated auto-setup image")
	var f composeFile
	require.NoError(t, yaml.Unmarshal(raw, &f))

	for _, name := range []string{"postgres", "temporal-schema", "temporal", "temporal-setup", "temporal-ui", "smtp", "migrate", "worker", "api"} {
		require.Contains(t, f.Services, name)
	}
	assert.True(t, strings.HasPrefix(f.Services["postgres"].Image, "postgres:15"))

	schema := f.Services["temporal-schema"]
	assert.True(t, strings.HasPrefix(schema.Image, "temporalio/admin-tools:"))
	script := strings.Join(schema.Command, " ")
	for _, part := range []string{"temporal-sql-tool --plugin postgres12 --ep postgres", "--db temporal create", "--db temporal_visibility create",
		"--db temporal setup-schema", "temporal/versioned", "--db temporal_visibility setup-schema", "visibility/versioned"} {
		assert.Contains(t, script, part)
	}
	assert.Equal(t, "drumbeat", schema.Environment["SQL_PASSWORD"], "the password of the postgres service")

	tmp := f.Services["temporal"]
	assert.True(t, strings.HasPrefix(tmp.Image, "temporalio/server:"), tmp.Image)
	assert.Equal(t, strings.TrimPrefix(tmp.Image, "temporalio/server:"), strings.TrimPrefix(schema.Image, "temporalio/admin-tools:"),
		"the schema tool matches the server version")
	assert.Equal(t, "postgres12", tmp.Environment["DB"], "Temporal persists in PostgreSQL")
	assert.Equal(t, "postgres", tmp.Environment["POSTGRES_SEEDS"])
	assert.Equal(t, "service_completed_successfully", condition(tmp.DependsOn, "temporal-schema"))
	assert.Equal(t, "temporal:7233", f.Services["temporal-ui"].Environment["TEMPORAL_ADDRESS"])

	setup := f.Services["temporal-setup"]
	assert.Contains(t, strings.Join(setup.Command, " "), "namespace create --namespace default")
	assert.Equal(t, "service_healthy", condition(setup.DependsOn, "temporal"))

	migrate := f.Services["migrate"]
	assert.Equal(t, "service_completed_successfully", condition(migrate.DependsOn, "temporal-setup"),
		"migrate creates the search attributes once the namespace exists")
	for _, name := range []string{"migrate", "worker", "api"} {
		s := f.Services[name]
		assert.NotNil(t, s.Build, "%s builds the drumbeat image", name)
		assert.Equal(t, []string{name}, s.Command)
		assert.Contains(t, s.Environment["DATABASE_URL"], "@postgres:5432/", name)
		assert.Equal(t, "temporal:7233", s.Environment["TEMPORAL_ADDRESS"], name)
		assert.Equal(t, devstack.TemporalNamespace, s.Environment["TEMPORAL_NAMESPACE"], name)
		if name != "migrate" {
			assert.Equal(t, "drumbeat", s.Environment["TEMPORAL_TASK_QUEUE"], name)
			assert.Equal(t, "service_completed_successfully", condition(s.DependsOn, "migrate"), "%s starts after the migrations", name)
		}
	}
	assert.Equal(t, "smtp://smtp:1025", f.Services["worker"].Environment["SMTP_URL"])
	assert.Equal(t, "0.0.0.0:9090", f.Services["worker"].Environment["METRICS_ADDR"])
	assert.Equal(t, "0.0.0.0:8080", f.Services["api"].Environment["HTTP_ADDR"])
	assert.Contains(t, f.Services["api"].Ports, "8080:8080")

	known := configVariables(t)
	for _, name := range []string{"migrate", "worker", "api"} {
		for k := range f.Services[name].Environment {
			assert.True(t, known[k], "%s sets %s, which the binary does not read", name, k)
		}
		assertConfigParses(t, "docker-compose.yml "+name, f.Services[name].Environment)
	}
	_, err = os.Stat("../../Dockerfile")
	assert.NoError(t, err)
}
