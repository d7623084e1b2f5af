package worker_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/operatorservice/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"google.golang.org/grpc"

	"github.com/drumbeat-crm/drumbeat/worker"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

func customAttributes(t *testing.T, c client.Client, ns string) map[string]enumspb.IndexedValueType {
	t.Helper()
	resp, err := c.OperatorService().ListSearchAttributes(t.Context(), &operatorservice.ListSearchAttributesRequest{Namespace: ns})
	require.NoError(t, err)
	return resp.GetCustomAttributes()
}

// TestEnsureSearchAttributesCreatesThemOnce: on a namespace without them
// every attribute is created as a Keyword; a second run changes nothing.
func TestEnsureSearchAttributesCreatesThemOnce(t *testing.T) {
	c := workertest.Dial(t)
	ns := workertest.NewNamespace(t, c)
	for _, name := range worker.SearchAttributeNames() {
		require.NotContains(t, customAttributes(t, c, ns), name, "a new namespace lacks %s", name)
	}

	added, err := worker.EnsureSearchAttributes(t.Context(), c.OperatorService(), ns)
	require.NoError(t, err)
	assert.ElementsMatch(t, worker.SearchAttributeNames(), added)
	got := customAttributes(t, c, ns)
	for _, name := range worker.SearchAttributeNames() {
		assert.Equal(t, enumspb.INDEXED_VALUE_TYPE_KEYWORD, got[name], name)
	}

	added, err = worker.EnsureSearchAttributes(t.Context(), c.OperatorService(), ns)
	require.NoError(t, err, "a second run is a no-op")
	assert.Empty(t, added)
}

// staleList answers the first ListSearchAttributes with no custom
// attributes, as when another worker creates them between our list and our
// add. With alreadyExists, the add answers AlreadyExists, as servers with
// Elasticsearch visibility do; the dev server accepts a repeated add.
type staleList struct {
	operatorservice.OperatorServiceClient
	alreadyExists bool
	served        bool
}

func (s *staleList) ListSearchAttributes(ctx context.Context, in *operatorservice.ListSearchAttributesRequest, opts ...grpc.CallOption) (*operatorservice.ListSearchAttributesResponse, error) {
	if !s.served {
		s.served = true
		return &operatorservice.ListSearchAttributesResponse{}, nil
	}
	return s.OperatorServiceClient.ListSearchAttributes(ctx, in, opts...)
}

func (s *staleList) AddSearchAttributes(ctx context.Context, in *operatorservice.AddSearchAttributesRequest, opts ...grpc.CallOption) (*operatorservice.AddSearchAttributesResponse, error) {
	if s.alreadyExists {
		return nil, serviceerror.NewAlreadyExists("search attribute CampaignId already exists")
	}
	return s.OperatorServiceClient.AddSearchAttributes(ctx, in, opts...)
}

// TestEnsureSearchAttributesToleratesARace: attributes another process
// created between our list and our add count as present, whether the
// server accepts the repeated add or answers AlreadyExists.
func TestEnsureSearchAttributesToleratesARace(t *testing.T) {
	c := workertest.Dial(t)
	for _, alreadyExists := range []bool{false, true} {
		ns := workertest.NewNamespace(t, c)
		_, err := worker.EnsureSearchAttributes(t.Context(), c.OperatorService(), ns)
		require.NoError(t, err)

		_, err = worker.EnsureSearchAttributes(t.Context(), &staleList{OperatorServiceClient: c.OperatorService(), alreadyExists: alreadyExists}, ns)
		require.NoError(t, err, "AlreadyExists answer: %v", alreadyExists)
		for _, name := range worker.SearchAttributeNames() {
			assert.Equal(t, enumspb.INDEXED_VALUE_TYPE_KEYWORD, customAttributes(t, c, ns)[name], name)
		}
	}

	// AlreadyExists while an attribute is still missing is an error.
	ns := workertest.NewNamespace(t, c)
	_, err := worker.EnsureSearchAttributes(t.Context(), &staleList{OperatorServiceClient: c.OperatorService(), alreadyExists: true}, ns)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "already exists")
}

// TestEnsureSearchAttributesRefusesAnotherType: an attribute that exists
// with another type is an error naming it, and nothing is added.
func TestEnsureSearchAttributesRefusesAnotherType(t *testing.T) {
	c := workertest.Dial(t)
	ns := workertest.NewNamespace(t, c)
	_, err := c.OperatorService().AddSearchAttributes(t.Context(), &operatorservice.AddSearchAttributesRequest{Namespace: ns,
		SearchAttributes: map[string]enumspb.IndexedValueType{"CampaignStage": enumspb.INDEXED_VALUE_TYPE_TEXT}})
	require.NoError(t, err)

	_, err = worker.EnsureSearchAttributes(t.Context(), c.OperatorService(), ns)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "CampaignStage")
	assert.Contains(t, err.Error(), "Keyword")
	assert.NotContains(t, customAttributes(t, c, ns), "CampaignId", "nothing was added")
}
