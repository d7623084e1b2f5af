package api

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"
)

// schemaGen turns the Go types the handlers bind and answer with into JSON
// Schemas (OpenAPI 3.1, JSON Schema 2020-12) by reflection, the way
// encoding/json reads and writes them: json tags name the fields, embedded
// structs lend theirs, time.Time is a date-time string, []byte a base64
// string. Every struct becomes a component. An answer's field is required
// unless it is omitempty (encoding/json always writes it), and a pointer
// without omitempty may be null; a list is never null (an answer's empty
// list is []). A request body's fields are all optional (a handler decides
// what is missing, with a 422 naming it). Objects allow no other field:
// a request with an unknown field is refused (422), and an answer with a
// field the document does not name is a bug the harness reports.
type schemaGen struct {
	components openapi3.Schemas
	names      map[schemaKey]string
	taken      map[string]reflect.Type
	err        error
}

// schemaKey is one struct type in one direction: a body the API reads
// (input) needs no field, a body it writes has its required fields.
type schemaKey struct {
	t     reflect.Type
	input bool
}

func newSchemaGen() *schemaGen {
	return &schemaGen{components: openapi3.Schemas{}, names: map[schemaKey]string{}, taken: map[string]reflect.Type{}}
}

var (
	timeType = reflect.TypeFor[time.Time]()
	rawType  = reflect.TypeFor[json.RawMessage]()
)

// schemaOf returns the schema of v's type (a reference for a struct).
func (g *schemaGen) schemaOf(v any, input bool) *openapi3.SchemaRef {
	return g.typeSchema(reflect.TypeOf(v), input)
}

func (g *schemaGen) typeSchema(t reflect.Type, input bool) *openapi3.SchemaRef {
	if t.Kind() == reflect.Pointer {
		return nullable(g.typeSchema(t.Elem(), input))
	}
	s := g.kindSchema(t, input)
	if n, ok := typeNotes[t.String()]; ok {
		if input && n.enum != nil {
			// A body read is normalized first (trimmed, any case): the
			// values are what an answer holds.
			n.desc, n.enum = strings.TrimSpace(n.desc+" One of: "+joinEnum(n.enum)), nil
		}
		n.apply(s.Value)
	}
	if input && (t.Kind() == reflect.Slice || t.Kind() == reflect.Map) && t != rawType {
		return nullable(s) // encoding/json reads null into a list as none
	}
	return s
}

func joinEnum(values []any) string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = fmt.Sprint(v)
	}
	return strings.Join(out, ", ")
}

// anyJSON is the schema of any JSON value, null included (an empty schema
// would mean the same in JSON Schema, but validators of OpenAPI's 3.0
// heritage refuse null for it).
func anyJSON() *openapi3.Schema {
	return &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeString, openapi3.TypeNumber, openapi3.TypeBoolean,
		openapi3.TypeArray, openapi3.TypeObject, openapi3.TypeNull}}
}

func (g *schemaGen) kindSchema(t reflect.Type, input bool) *openapi3.SchemaRef {
	typed := func(name string) *openapi3.SchemaRef {
		return openapi3.NewSchemaRef("", &openapi3.Schema{Type: &openapi3.Types{name}})
	}
	switch {
	case t == timeType:
		return openapi3.NewSchemaRef("", &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeString}, Format: "date-time"})
	case t == rawType || t.Kind() == reflect.Interface:
		return openapi3.NewSchemaRef("", anyJSON())
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		return openapi3.NewSchemaRef("", &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeString}, ContentEncoding: "base64"})
	}
	switch t.Kind() {
	case reflect.Bool:
		return typed(openapi3.TypeBoolean)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		s := typed(openapi3.TypeInteger)
		if t.Kind() == reflect.Int64 {
			s.Value.Format = "int64"
		}
		return s
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		s := typed(openapi3.TypeInteger)
		s.Value.Min = openapi3.Float64Ptr(0)
		return s
	case reflect.Float32, reflect.Float64:
		return typed(openapi3.TypeNumber)
	case reflect.String:
		return typed(openapi3.TypeString)
	case reflect.Slice, reflect.Array:
		s := typed(openapi3.TypeArray)
		s.Value.Items = g.typeSchema(t.Elem(), input)
		return s
	case reflect.Map:
		s := typed(openapi3.TypeObject)
		s.Value.AdditionalProperties = openapi3.AdditionalProperties{Schema: g.typeSchema(t.Elem(), input)}
		return s
	case reflect.Struct:
		return g.structRef(t, input)
	}
	g.fail(fmt.Errorf("openapi: no schema for %s (kind %s)", t, t.Kind()))
	return openapi3.NewSchemaRef("", &openapi3.Schema{})
}

func (g *schemaGen) fail(err error) {
	if g.err == nil {
		g.err = err
	}
}

// structRef returns a reference to the struct's component, made on first use.
func (g *schemaGen) structRef(t reflect.Type, input bool) *openapi3.SchemaRef {
	key := schemaKey{t, input}
	if name, ok := g.names[key]; ok {
		return openapi3.NewSchemaRef("#/components/schemas/"+name, g.components[name].Value)
	}
	name := g.componentName(t, input)
	s := &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeObject}, Properties: openapi3.Schemas{},
		AdditionalProperties: openapi3.AdditionalProperties{Has: openapi3.Ptr(false)}}
	g.names[key] = name
	g.components[name] = openapi3.NewSchemaRef("", s)
	for _, f := range jsonFields(t) {
		p := g.typeSchema(f.typ, input)
		if n, ok := fieldNotes[t.String()+"."+f.name]; ok {
			p = noted(p, n)
		}
		s.Properties[f.name] = p
		if !input && !f.omitempty {
			s.Required = append(s.Required, f.name)
		}
	}
	return openapi3.NewSchemaRef("#/components/schemas/"+name, s)
}

// componentName names a struct's component after its Go type (capitalized;
// a generic domain.Page[domain.Lead] is LeadPage; campaignPatchDoc is CampaignPatch). A body read of a type that is
// also written gets an Input suffix; the first type to take a name keeps it.
func (g *schemaGen) componentName(t reflect.Type, input bool) string {
	base := typeName(t)
	if _, written := g.names[schemaKey{t, false}]; input && written {
		base += "Input"
	}
	name := base
	for i := 2; ; i++ {
		if _, ok := g.taken[name]; !ok {
			break
		}
		name = fmt.Sprintf("%s%d", base, i)
	}
	g.taken[name] = t
	return name
}

// typeName is a Go type's name as a component name.
func typeName(t reflect.Type) string {
	name := t.Name()
	if name == "" {
		return "Object"
	}
	if base, args, generic := strings.Cut(name, "["); generic {
		var out string
		for _, a := range strings.Split(strings.TrimSuffix(args, "]"), ",") {
			out += capitalize(a[strings.LastIndex(a, ".")+1:])
		}
		return out + capitalize(base)
	}
	// Types written only to describe an answer or a body are named xDoc.
	return capitalize(strings.TrimSuffix(name, "Doc"))
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// nullable lets a schema also be null (a pointer without omitempty).
func nullable(s *openapi3.SchemaRef) *openapi3.SchemaRef {
	if s.Ref != "" {
		return openapi3.NewSchemaRef("", &openapi3.Schema{AnyOf: openapi3.SchemaRefs{s,
			openapi3.NewSchemaRef("", &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeNull}})}})
	}
	v := *s.Value
	types := slices.Clone(*v.Type)
	if !slices.Contains(types, openapi3.TypeNull) {
		types = append(types, openapi3.TypeNull)
	}
	v.Type = &types
	if len(v.Enum) > 0 && !slices.Contains(v.Enum, nil) {
		v.Enum = append(slices.Clone(v.Enum), nil)
	}
	return openapi3.NewSchemaRef("", &v)
}

// jsonField is one field as encoding/json sees it.
type jsonField struct {
	name      string
	typ       reflect.Type
	omitempty bool
	depth     int
	tagged    bool
}

// jsonFields lists a struct's JSON fields in order, with encoding/json's
// rules for embedded structs: a shallower field hides a deeper one of the
// same name, and two at the same depth hide each other unless one is tagged.
func jsonFields(t reflect.Type) []jsonField {
	var all []jsonField
	var walk func(t reflect.Type, depth int)
	walk = func(t reflect.Type, depth int) {
		for i := range t.NumField() {
			f := t.Field(i)
			tag, hasTag := f.Tag.Lookup("json")
			name, opts, _ := strings.Cut(tag, ",")
			if name == "-" && opts == "" {
				continue
			}
			ft := f.Type
			if f.Anonymous && name == "" {
				et := ft
				if et.Kind() == reflect.Pointer {
					et = et.Elem()
				}
				if et.Kind() == reflect.Struct {
					walk(et, depth+1)
					continue
				}
			}
			if !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			omit := strings.Contains(","+opts+",", ",omitempty,") || strings.Contains(","+opts+",", ",omitzero,")
			all = append(all, jsonField{name: name, typ: ft, omitempty: omit, depth: depth, tagged: hasTag && name != ""})
		}
	}
	walk(t, 0)
	var out []jsonField
	for _, f := range all {
		if dominant(all, f) {
			out = append(out, f)
		}
	}
	return out
}

// dominant tells whether f is the field its name means.
func dominant(all []jsonField, f jsonField) bool {
	for _, o := range all {
		if o.name != f.name || o == f {
			continue
		}
		if o.depth < f.depth || (o.depth == f.depth && (o.tagged || !f.tagged)) {
			return false
		}
	}
	return true
}

// note documents a type or a field beyond what reflection sees.
type note struct {
	desc   string
	enum   []any
	format string
	// example is a value shown to readers.
	example any
}

func (n note) apply(s *openapi3.Schema) {
	if n.desc != "" {
		s.Description = n.desc
	}
	if n.enum != nil {
		s.Enum = n.enum
	}
	if n.format != "" {
		s.Format = n.format
	}
	if n.example != nil {
		s.Examples = []any{n.example}
	}
}

// noted returns a field's schema with its note; a reference is wrapped, so
// the component stays as it is.
func noted(s *openapi3.SchemaRef, n note) *openapi3.SchemaRef {
	if s.Ref != "" {
		w := &openapi3.Schema{AllOf: openapi3.SchemaRefs{s}}
		n.apply(w)
		return openapi3.NewSchemaRef("", w)
	}
	v := *s.Value
	n.apply(&v)
	if n.enum != nil && v.Type != nil && slices.Contains(*v.Type, openapi3.TypeNull) {
		v.Enum = append(slices.Clone(v.Enum), nil)
	}
	return openapi3.NewSchemaRef("", &v)
}

// enum lists the values of a string type for a note.
func enum[T ~string](values ...T) []any {
	out := make([]any, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}
