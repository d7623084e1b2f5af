package worker

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/operatorservice/v1"
	"go.temporal.io/api/serviceerror"

	"github.com/drumbeat-crm/drumbeat/workflows"
)

// EnsureSearchAttributes creates in namespace (through a client's
// OperatorService) every search attribute of
// workflows.SearchAttributes that it lacks, and returns the names it added.
// It is idempotent: present attributes are left alone, and one created by
// someone else meanwhile (AlreadyExists) counts as present. An attribute
// that exists with another type is an error no retry can fix.
func EnsureSearchAttributes(ctx context.Context, ops operatorservice.OperatorServiceClient, namespace string) ([]string, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	missing, err := missingSearchAttributes(ctx, ops, namespace)
	if err != nil || len(missing) == 0 {
		return nil, err
	}
	names := make([]string, 0, len(missing))
	for name := range missing {
		names = append(names, name)
	}
	sort.Strings(names)
	_, err = ops.AddSearchAttributes(ctx, &operatorservice.AddSearchAttributesRequest{
		Namespace: namespace, SearchAttributes: missing,
	})
	var exists *serviceerror.AlreadyExists
	if errors.As(err, &exists) {
		// Another process added some of them first: check what is there now.
		if still, err := missingSearchAttributes(ctx, ops, namespace); err != nil || len(still) > 0 {
			return nil, fmt.Errorf("add Temporal search attributes %v: %v", names, errors.Join(err, exists))
		}
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("add Temporal search attributes %v to namespace %s: %w", names, namespace, err)
	}
	return names, nil
}

// SearchAttributeNames names the custom search attributes Drumbeat's
// workflows carry (workflows.SearchAttributes).
func SearchAttributeNames() []string {
	names := make([]string, len(workflows.SearchAttributes))
	for i, k := range workflows.SearchAttributes {
		names[i] = k.GetName()
	}
	return names
}

// missingSearchAttributes lists the attributes namespace lacks, with their
// types, and refuses one of the wrong type.
func missingSearchAttributes(ctx context.Context, ops operatorservice.OperatorServiceClient, namespace string) (map[string]enumspb.IndexedValueType, error) {
	resp, err := ops.ListSearchAttributes(ctx, &operatorservice.ListSearchAttributesRequest{Namespace: namespace})
	if err != nil {
		return nil, fmt.Errorf("list Temporal search attributes of namespace %s: %w", namespace, err)
	}
	missing := map[string]enumspb.IndexedValueType{}
	for _, key := range workflows.SearchAttributes {
		typ, ok := resp.GetCustomAttributes()[key.GetName()]
		switch {
		case !ok:
			missing[key.GetName()] = key.GetValueType()
		case typ != key.GetValueType():
			return nil, fmt.Errorf("Temporal search attribute %s of namespace %s has type %s; Drumbeat needs %s: remove it or use another namespace",
				key.GetName(), namespace, typ, key.GetValueType())
		}
	}
	return missing, nil
}

// NotPermitted reports whether err says this connection may not manage
// search attributes (Temporal Cloud, say, where they are created with tcld
// or in the web console). A worker then goes on and trusts they exist.
func NotPermitted(err error) bool {
	var denied *serviceerror.PermissionDenied
	var unimpl *serviceerror.Unimplemented
	return errors.As(err, &denied) || errors.As(err, &unimpl)
}
