package api

import (
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// pathParams describes every path parameter by "previous segment/:param",
// as the access test's fixture names them. A route with a parameter missing
// here fails the document's build (and its test) with the key to add.
var pathParams = map[string]*openapi3.Schema{
	"campaigns/:id":               uuidSchema("The campaign"),
	"participants/:pid":           uuidSchema("The participant"),
	"documents/:doc_id":           uuidSchema("A document of the campaign's folder"),
	"team/:user_id":               uuidSchema("The team member's user"),
	":user_id/:role":              enumSchema("The role", enum(domain.RoleManager, domain.RoleSponsor, domain.RoleSupport)),
	"versions/:n":                 intSchema("The version number", 1, maxInt4),
	"batch-processes/:id":         uuidSchema("The batch process"),
	"generated-documents/:id":     uuidSchema("The generated document"),
	"opportunities/:id":           uuidSchema("The opportunity"),
	"contacts/:id":                uuidSchema("The contact"),
	"drips/:campaignID":           uuidSchema("The drip campaign"),
	"steps/:step":                 intSchema("The step number, from 1", 1, maxInt4),
	"customer-groups/:id":         uuidSchema("The customer group"),
	"drip-campaigns/:id":          uuidSchema("The drip campaign"),
	"folders/:id":                 uuidSchema("The folder"),
	"documents/:id":               uuidSchema("The document"),
	"leads/:id":                   intSchema("The lead number", 1, maxInt8),
	"activities/:aid":             uuidSchema("The lead activity"),
	"notes/:nid":                  uuidSchema("The lead note"),
	"charts/:chart":               enumSchema("The chart", []any{"lead-source-by-month", "leads-converted-by-week", "lead-status-by-month"}),
	"lead-imports/:id":            uuidSchema("The lead import"),
	"rows/:row":                   intSchema("The row number, from 1", 1, maxInt4),
	"lead-scoring-rules/:id":      uuidSchema("The scoring rule"),
	"activity-plan-templates/:id": uuidSchema("The activity plan template"),
	"workflow-templates/:id":      uuidSchema("The workflow template"),
	"users/:id":                   uuidSchema("The user"),
	"tokens/:token_id":            uuidSchema("The token"),
	"u/:token":                    &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeString}, Description: "The signed token of an unsubscribe link"},
}

// pathParam is the parameter name of the route p.
func pathParam(p, name string) (*openapi3.Parameter, error) {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if s != ":"+name || i == 0 {
			continue
		}
		key := segs[i-1] + "/" + s
		schema, ok := pathParams[key]
		if !ok {
			return nil, fmt.Errorf("openapi: %s has the parameter %q: add %q to pathParams in api/openapi_params.go", p, name, key)
		}
		return &openapi3.Parameter{Name: name, In: openapi3.ParameterInPath, Required: true, Description: schema.Description,
			Schema: withoutDescription(schema).NewRef()}, nil
	}
	return nil, fmt.Errorf("openapi: %s has no parameter %q", p, name)
}

func withoutDescription(s *openapi3.Schema) *openapi3.Schema {
	c := *s
	c.Description = ""
	return &c
}

func uuidSchema(desc string) *openapi3.Schema {
	return &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeString}, Format: "uuid", Description: desc}
}

func intSchema(desc string, min, max float64) *openapi3.Schema {
	return &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeInteger}, Min: &min, Max: &max, Description: desc}
}

func enumSchema(desc string, values []any) *openapi3.Schema {
	return &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeString}, Enum: values, Description: desc}
}

// query parameters of the table's rows.

func qParam(name, desc string, s *openapi3.Schema) *openapi3.Parameter {
	return &openapi3.Parameter{Name: name, In: openapi3.ParameterInQuery, Description: desc, Schema: s.NewRef()}
}

// qString is a text query parameter.
func qString(name, desc string) *openapi3.Parameter {
	return qParam(name, desc, openapi3.NewStringSchema())
}

// qUUID is a query parameter naming a record by id.
func qUUID(name, desc string) *openapi3.Parameter {
	return qParam(name, desc, openapi3.NewUUIDSchema())
}

// qInt is a whole-number query parameter from min to max, def when absent.
func qInt(name, desc string, def, min, max float64) *openapi3.Parameter {
	s := openapi3.NewIntegerSchema().WithMin(min).WithMax(max)
	s.Default = def
	return qParam(name, desc, s)
}

// qOptInt is a whole-number query parameter from min to max with no default.
func qOptInt(name, desc string, min, max float64) *openapi3.Parameter {
	return qParam(name, desc, openapi3.NewIntegerSchema().WithMin(min).WithMax(max))
}

// qEnum is a query parameter taking one of values.
func qEnum(name, desc string, def string, values ...any) *openapi3.Parameter {
	s := openapi3.NewStringSchema().WithEnum(values...)
	if def != "" {
		s.Default = def
	}
	return qParam(name, desc, s)
}

// qList is a query parameter that may be repeated (?status=a&status=b).
func qList(name, desc string, item *openapi3.Schema) *openapi3.Parameter {
	p := qParam(name, desc, openapi3.NewArraySchema().WithItems(item))
	p.Style, p.Explode = openapi3.SerializationForm, openapi3.Ptr(true)
	return p
}

// pageQuery is limit (1..max, def when absent) and the opaque cursor of
// the page to read (from next_cursor).
func pageQuery(def, max float64) []*openapi3.Parameter {
	return []*openapi3.Parameter{
		qInt("limit", "How many items one page holds", def, 1, max),
		qString("cursor", "Where the page starts: next_cursor of the page before (none for the first page); an invalid one answers 422"),
	}
}

// defaultPage is the paging of most lists (pageParams).
func defaultPage() []*openapi3.Parameter {
	return pageQuery(domain.DefaultPageLimit, domain.MaxPageLimit)
}
