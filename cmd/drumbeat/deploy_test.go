package main

import (
	"bytes"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/drumbeat-crm/drumbeat/api"
	"github.com/drumbeat-crm/drumbeat/metrics"
)

// The parts of Kubernetes objects the manifest test reads.
type (
	k8sMeta struct {
		Name      string            `yaml:"name"`
		Namespace string            `yaml:"namespace"`
		Labels    map[string]string `yaml:"labels"`
	}
	k8sProbe struct {
		HTTPGet *struct {
			Path string `yaml:"path"`
			Port any    `yaml:"port"`
		} `yaml:"httpGet"`
	}
	k8sContainer struct {
		Name    string   `yaml:"name"`
		Image   string   `yaml:"image"`
		Args    []string `yaml:"args"`
		EnvFrom []struct {
			ConfigMapRef *struct{ Name string } `yaml:"configMapRef"`
			SecretRef    *struct{ Name string } `yaml:"secretRef"`
		} `yaml:"envFrom"`
		Env []struct {
			Name  string `yaml:"name"`
			Value string `yaml:"value"`
		} `yaml:"env"`
		Ports []struct {
			Name          string `yaml:"name"`
			ContainerPort int    `yaml:"containerPort"`
		} `yaml:"ports"`
		ReadinessProbe *k8sProbe `yaml:"readinessProbe"`
		LivenessProbe  *k8sProbe `yaml:"livenessProbe"`
	}
	k8sPodTemplate struct {
		Metadata k8sMeta `yaml:"metadata"`
		Spec     struct {
			TerminationGracePeriodSeconds int            `yaml:"terminationGracePeriodSeconds"`
			RestartPolicy                 string         `yaml:"restartPolicy"`
			Containers                    []k8sContainer `yaml:"containers"`
		} `yaml:"spec"`
	}
	k8sObject struct {
		Kind       string            `yaml:"kind"`
		Metadata   k8sMeta           `yaml:"metadata"`
		Data       map[string]string `yaml:"data"`
		StringData map[string]string `yaml:"stringData"`
		Spec       yaml.Node         `yaml:"spec"`
	}
	k8sWorkload struct { // Deployment or Job
		Selector struct {
			MatchLabels map[string]string `yaml:"matchLabels"`
		} `yaml:"selector"`
		Template k8sPodTemplate `yaml:"template"`
	}
	k8sService struct {
		Selector map[string]string `yaml:"selector"`
		Ports    []struct {
			Port       int `yaml:"port"`
			TargetPort any `yaml:"targetPort"`
		} `yaml:"ports"`
	}
	k8sHPA struct {
		ScaleTargetRef struct {
			Kind string `yaml:"kind"`
			Name string `yaml:"name"`
		} `yaml:"scaleTargetRef"`
		MinReplicas int `yaml:"minReplicas"`
		MaxReplicas int `yaml:"maxReplicas"`
	}
)

const manifestsDir = "../../deploy/kubernetes"

// loadManifests reads every object of deploy/kubernetes, by kind and name.
func loadManifests(t *testing.T) map[string]k8sObject {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(manifestsDir, "*.yaml"))
	require.NoError(t, err)
	objects := map[string]k8sObject{}
	for _, file := range files {
		if filepath.Base(file) == "kustomization.yaml" {
			continue
		}
		raw, err := os.ReadFile(file)
		require.NoError(t, err)
		dec := yaml.NewDecoder(bytes.NewReader(raw))
		for {
			var o k8sObject
			err := dec.Decode(&o)
			if errors.Is(err, io.EOF) {
				break
			}
			require.NoError(t, err, file)
			key := o.Kind + "/" + o.Metadata.Name
			require.NotContains(t, objects, key, "%s defined twice", key)
			objects[key] = o
		}
	}
	return objects
}

func spec[T any](t *testing.T, o k8sObject) T {
	t.Helper()
	var s T
	require.NoError(t, o.Spec.Decode(&s), o.Kind+"/"+o.Metadata.Name)
	return s
}

// containerEnv is the environment a container gets: its config map and
// secret (which must exist), then its own env entries.
func containerEnv(t *testing.T, objects map[string]k8sObject, c k8sContainer) map[string]string {
	t.Helper()
	env := map[string]string{}
	for _, from := range c.EnvFrom {
		switch {
		case from.ConfigMapRef != nil:
			cm, ok := objects["ConfigMap/"+from.ConfigMapRef.Name]
			require.True(t, ok, "%s reads config map %s", c.Name, from.ConfigMapRef.Name)
			for k, v := range cm.Data {
				env[k] = v
			}
		case from.SecretRef != nil:
			sec, ok := objects["Secret/"+from.SecretRef.Name]
			require.True(t, ok, "%s reads secret %s", c.Name, from.SecretRef.Name)
			for k, v := range sec.StringData {
				env[k] = v
			}
		}
	}
	for _, e := range c.Env {
		env[e.Name] = e.Value
	}
	return env
}

// probePort resolves a probe's port (a number or a port name) to a number.
func probePort(t *testing.T, c k8sContainer, p *k8sProbe) int {
	t.Helper()
	require.NotNil(t, p, "%s has the probe", c.Name)
	require.NotNil(t, p.HTTPGet, "%s probes over HTTP", c.Name)
	switch port := p.HTTPGet.Port.(type) {
	case int:
		return port
	case string:
		for _, cp := range c.Ports {
			if cp.Name == port {
				return cp.ContainerPort
			}
		}
		t.Fatalf("%s: probe port %q is not a port of the container", c.Name, port)
	}
	t.Fatalf("%s: probe port %v", c.Name, p.HTTPGet.Port)
	return 0
}

func addrPort(t *testing.T, addr string) int {
	t.Helper()
	_, p, err := net.SplitHostPort(addr)
	require.NoError(t, err)
	n, err := strconv.Atoi(p)
	require.NoError(t, err)
	return n
}

// routed tells whether the API has a GET route for path. It looks the route
// up instead of serving it: the router here has no store or Temporal behind
// it, and /readyz would ask them.
func routed(engine *gin.Engine, path string) bool {
	for _, r := range engine.Routes() {
		if r.Method == http.MethodGet && r.Path == path {
			return true
		}
	}
	return false
}

// answers reports whether handler serves GET path (anything but 404).
func answers(handler http.Handler, path string) bool {
	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec.Code != http.StatusNotFound
}

// TestKubernetesManifests keeps deploy/kubernetes in step with the code:
// the api, worker and migrate containers run the one image with the
// commands the binary has; every variable their config map and secret set
// is one the binary reads, with a value it accepts; probes hit paths the
// API and the worker serve, on the ports they listen on; the Service and
// the autoscaler point at the right Deployments.
func TestKubernetesManifests(t *testing.T) {
	objects := loadManifests(t)
	for _, key := range []string{"Namespace/drumbeat", "ConfigMap/drumbeat-config", "Secret/drumbeat-secrets", "Job/drumbeat-migrate",
		"Deployment/drumbeat-api", "Service/drumbeat-api", "Deployment/drumbeat-worker", "HorizontalPodAutoscaler/drumbeat-worker"} {
		require.Contains(t, objects, key)
	}
	for key, o := range objects {
		if o.Kind != "Namespace" {
			assert.Equal(t, "drumbeat", o.Metadata.Namespace, key)
		}
	}
	known := configVariables(t)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	engine := api.NewRouter(api.Config{Metrics: metrics.NewAPI()}).(*gin.Engine)
	ops := newWorkerOps("127.0.0.1:0", nil, nil, metrics.NewWorker(nil, quiet))

	images := map[string]bool{}
	container := func(key string) (k8sContainer, k8sPodTemplate, map[string]string) {
		w := spec[k8sWorkload](t, objects[key])
		require.Len(t, w.Template.Spec.Containers, 1, key)
		c := w.Template.Spec.Containers[0]
		images[c.Image] = true
		env := containerEnv(t, objects, c)
		for k := range env {
			assert.True(t, known[k], "%s sets %s, which the binary does not read", key, k)
		}
		assertConfigParses(t, key, env)
		if w.Selector.MatchLabels != nil {
			for k, v := range w.Selector.MatchLabels {
				assert.Equal(t, v, w.Template.Metadata.Labels[k], "%s selects its own pods", key)
			}
		}
		return c, w.Template, env
	}

	apiC, apiPod, apiEnv := container("Deployment/drumbeat-api")
	assert.Equal(t, []string{"api"}, apiC.Args)
	assert.Equal(t, "/readyz", apiC.ReadinessProbe.HTTPGet.Path)
	assert.Equal(t, "/healthz", apiC.LivenessProbe.HTTPGet.Path)
	for _, p := range []*k8sProbe{apiC.ReadinessProbe, apiC.LivenessProbe} {
		assert.Equal(t, addrPort(t, apiEnv["HTTP_ADDR"]), probePort(t, apiC, p), "the API listens where it is probed")
		assert.True(t, routed(engine, p.HTTPGet.Path), "the API serves %s", p.HTTPGet.Path)
	}
	svc := spec[k8sService](t, objects["Service/drumbeat-api"])
	for k, v := range svc.Selector {
		assert.Equal(t, v, apiPod.Metadata.Labels[k], "the Service selects the API pods")
	}
	require.Len(t, svc.Ports, 1)
	assert.Equal(t, addrPort(t, apiEnv["HTTP_ADDR"]), probePort(t, apiC, &k8sProbe{HTTPGet: &struct {
		Path string `yaml:"path"`
		Port any    `yaml:"port"`
	}{Port: svc.Ports[0].TargetPort}}), "the Service sends traffic to the API's port")

	wC, wPod, wEnv := container("Deployment/drumbeat-worker")
	assert.Equal(t, []string{"worker"}, wC.Args)
	assert.Equal(t, "/healthz", wC.LivenessProbe.HTTPGet.Path)
	assert.Equal(t, "/readyz", wC.ReadinessProbe.HTTPGet.Path)
	for _, p := range []*k8sProbe{wC.ReadinessProbe, wC.LivenessProbe} {
		assert.Equal(t, addrPort(t, wEnv["METRICS_ADDR"]), probePort(t, wC, p), "the worker's METRICS_ADDR is where it is probed")
		assert.True(t, answers(ops.srv.Handler, p.HTTPGet.Path), "the worker serves %s", p.HTTPGet.Path)
	}
	h, err := net.ResolveTCPAddr("tcp", wEnv["METRICS_ADDR"])
	require.NoError(t, err)
	assert.True(t, h.IP.IsUnspecified(), "the kubelet reaches the worker's endpoint on the pod address")
	stop, err := time.ParseDuration(wEnv["WORKER_STOP_TIMEOUT"])
	require.NoError(t, err)
	assert.Greater(t, time.Duration(wPod.Spec.TerminationGracePeriodSeconds)*time.Second, stop,
		"Kubernetes waits longer than the worker's graceful stop before it kills")
	hpa := spec[k8sHPA](t, objects["HorizontalPodAutoscaler/drumbeat-worker"])
	assert.Equal(t, "Deployment", hpa.ScaleTargetRef.Kind)
	assert.Equal(t, "drumbeat-worker", hpa.ScaleTargetRef.Name)
	assert.GreaterOrEqual(t, hpa.MinReplicas, 2)
	assert.Greater(t, hpa.MaxReplicas, hpa.MinReplicas)

	mC, mPod, mEnv := container("Job/drumbeat-migrate")
	assert.Equal(t, []string{"migrate"}, mC.Args)
	assert.Contains(t, []string{"Never", "OnFailure"}, mPod.Spec.RestartPolicy)
	assert.NotEmpty(t, mEnv["TEMPORAL_ADDRESS"], "migrate creates the search attributes too")

	require.Len(t, images, 1, "api, worker and migrate run one image: %v", images)
	for image := range images {
		assert.Regexp(t, `^[a-z0-9./-]+/drumbeat:[A-Za-z0-9._-]+$`, image)
	}
	for k, v := range apiEnv {
		assert.Equal(t, v, wEnv[k], "api and worker share %s", k)
	}

	// kubectl apply -k applies every file.
	raw, err := os.ReadFile(filepath.Join(manifestsDir, "kustomization.yaml"))
	require.NoError(t, err)
	var kust struct{ Resources []string }
	require.NoError(t, yaml.Unmarshal(raw, &kust))
	files, err := filepath.Glob(filepath.Join(manifestsDir, "*.yaml"))
	require.NoError(t, err)
	for _, f := range files {
		if base := filepath.Base(f); base != "kustomization.yaml" {
			assert.True(t, slices.Contains(kust.Resources, base), "kustomization.yaml lists %s", base)
		}
	}
}
