package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/api/workflowservice/v1"
)

// testPKI is a throw-away certificate authority with a server certificate
// for temporal.test and a client certificate, as PEM.
type testPKI struct {
	caCert, serverCert, serverKey, clientCert, clientKey []byte
	caPool                                               *x509.CertPool
}

func newTestPKI(t *testing.T) testPKI {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Drumbeat test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	require.NoError(t, err)
	ca, err := x509.ParseCertificate(caDER)
	require.NoError(t, err)
	issue := func(serial int64, name string, usage x509.ExtKeyUsage) (certPEM, keyPEM []byte) {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		require.NoError(t, err)
		tmpl := &x509.Certificate{SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: name}, DNSNames: []string{name},
			NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
			KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{usage}}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
		require.NoError(t, err)
		keyDER, err := x509.MarshalECPrivateKey(key)
		require.NoError(t, err)
		return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
			pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER})
	}
	p := testPKI{caCert: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}), caPool: x509.NewCertPool()}
	p.caPool.AddCert(ca)
	p.serverCert, p.serverKey = issue(2, "temporal.test", x509.ExtKeyUsageServerAuth)
	p.clientCert, p.clientKey = issue(3, "drumbeat-worker", x509.ExtKeyUsageClientAuth)
	return p
}

// startSecuredFrontend puts a TLS endpoint in front of the test Temporal
// server, the way a secured cluster or Temporal Cloud looks to a client: it
// requires a client certificate signed by the test CA and, on every call,
// the API key as a bearer token; then it passes the gRPC call on.
func startSecuredFrontend(t *testing.T, pki testPKI, apiKey string) string {
	t.Helper()
	target, err := url.Parse("http://" + need(t, "TEMPORAL_ADDRESS"))
	require.NoError(t, err)
	proxy := httputil.NewSingleHostReverseProxy(target)
	var h2c http.Protocols
	h2c.SetUnencryptedHTTP2(true)
	proxy.Transport = &http.Transport{Protocols: &h2c}
	proxy.FlushInterval = -1
	cert, err := tls.X509KeyPair(pki.serverCert, pki.serverKey)
	require.NoError(t, err)
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("Authorization") != "Bearer "+apiKey {
				w.Header().Set("Content-Type", "application/grpc")
				w.Header().Set("Grpc-Status", "16") // Unauthenticated
				w.Header().Set("Grpc-Message", "missing or wrong API key")
				w.WriteHeader(http.StatusOK)
				return
			}
			proxy.ServeHTTP(w, r)
		}),
		TLSConfig: &tls.Config{Certificates: []tls.Certificate{cert}, ClientCAs: pki.caPool,
			ClientAuth: tls.RequireAndVerifyClientCert, MinVersion: tls.VersionTLS12},
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          log.New(io.Discard, "", 0), // the refused handshakes are the point
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go func() { _ = srv.ServeTLS(ln, "", "") }()
	t.Cleanup(func() { _ = srv.Close() })
	return ln.Addr().String()
}

func need(t *testing.T, name string) string {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		t.Fatalf("%s is not set: run the tests with `make test`", name)
	}
	return v
}

// TestTemporalConnectionWithMTLSAndAPIKey: the SDK's environment
// configuration (TEMPORAL_TLS_* files, TEMPORAL_API_KEY) reaches a secured
// frontend through dialTemporal; without the key or the client certificate
// the frontend refuses the connection.
func TestTemporalConnectionWithMTLSAndAPIKey(t *testing.T) {
	pki := newTestPKI(t)
	addr := startSecuredFrontend(t, pki, "test-api-key")
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, data, 0o600))
		return p
	}
	secured := map[string]string{
		"TEMPORAL_ADDRESS":                 addr,
		"TEMPORAL_TLS_SERVER_CA_CERT_PATH": write("ca.pem", pki.caCert),
		"TEMPORAL_TLS_SERVER_NAME":         "temporal.test",
		"TEMPORAL_TLS_CLIENT_CERT_PATH":    write("client.pem", pki.clientCert),
		"TEMPORAL_TLS_CLIENT_KEY_PATH":     write("client.key", pki.clientKey),
		"TEMPORAL_API_KEY":                 "test-api-key",
	}
	namespace := os.Getenv("TEMPORAL_NAMESPACE")
	dial := func(t *testing.T, without ...string) error {
		clearConfigEnv(t)
		t.Setenv("TEMPORAL_NAMESPACE", namespace)
		for k, v := range secured {
			if !slices.Contains(without, k) {
				t.Setenv(k, v)
			}
		}
		cfg, err := loadConfig()
		require.NoError(t, err)
		tc, err := dialTemporal(cfg, nil)
		if err != nil {
			return err
		}
		defer tc.Close()
		_, err = tc.WorkflowService().DescribeNamespace(t.Context(), &workflowservice.DescribeNamespaceRequest{Namespace: cfg.TemporalNamespace})
		return err
	}

	t.Run("all settings", func(t *testing.T) {
		assert.NoError(t, dial(t))
	})
	t.Run("without the API key", func(t *testing.T) {
		err := dial(t, "TEMPORAL_API_KEY")
		require.Error(t, err)
		assert.Contains(t, err.Error(), "API key")
	})
	t.Run("without the client certificate", func(t *testing.T) {
		assert.Error(t, dial(t, "TEMPORAL_TLS_CLIENT_CERT_PATH", "TEMPORAL_TLS_CLIENT_KEY_PATH"))
	})
	t.Run("without the server CA", func(t *testing.T) {
		assert.Error(t, dial(t, "TEMPORAL_TLS_SERVER_CA_CERT_PATH"), "the test CA is not one the system trusts")
	})
}
