package workflows_test

import (
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/drumbeat-crm/drumbeat/activities"
)

func converterFor() converter.DataConverter { return converter.GetDefaultDataConverter() }

// workflowEnv is a test environment running the workflow wf under its
// registered name, with every activity registered (and mocked by each test).
func workflowEnv(wf any, name string) *testsuite.TestWorkflowEnvironment {
	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	env.RegisterWorkflowWithOptions(wf, workflow.RegisterOptions{Name: name})
	env.RegisterActivity(&activities.Activities{})
	return env
}
