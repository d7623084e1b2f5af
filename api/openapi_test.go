package api_test

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/drumbeat-crm/drumbeat/api"
)

// The OpenAPI document of the campaign endpoints describes only routes that
// exist, and every route of the templates and opportunities groups.
func TestOpenAPICampaignsDocument(t *testing.T) {
	raw, err := os.ReadFile("openapi/campaigns.json")
	require.NoError(t, err)
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Servers []struct{ URL string }                `json:"servers"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	require.NoError(t, json.Unmarshal(raw, &doc))
	assert.True(t, strings.HasPrefix(doc.OpenAPI, "3."))
	require.Len(t, doc.Servers, 1)

	engine, ok := api.NewRouter(api.Config{}).(*gin.Engine)
	require.True(t, ok)
	routes := map[string]bool{}
	for _, r := range engine.Routes() {
		routes[r.Method+" "+r.Path] = true
	}
	param := regexp.MustCompile(`\{([a-z_]+)\}`)
	documented := map[string]bool{}
	for path, ops := range doc.Paths {
		for method := range ops {
			if method == "parameters" {
				continue
			}
			key := strings.ToUpper(method) + " " + doc.Servers[0].URL + param.ReplaceAllString(path, ":$1")
			documented[key] = true
			assert.True(t, routes[key], "documented but not served: %s", key)
		}
	}
	for key := range routes {
		if strings.Contains(key, "/api/v1/workflow-templates") || strings.Contains(key, "/api/v1/opportunities") {
			assert.True(t, documented[key], "served but not documented: %s", key)
		}
	}
}
