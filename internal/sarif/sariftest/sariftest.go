// Package sariftest validates SARIF documents in tests.
package sariftest

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// Validate validates doc against ../shared/sarif/sarif-schema-2.1.0.json
// (found beside the module's checkout) with python3's jsonschema. It skips
// the test cleanly where the schema or the validator is absent.
// Only tests import this package.
func Validate(t testing.TB, doc []byte) {
	t.Helper()
	_, here, _, _ := runtime.Caller(0)
	schema := filepath.Join(filepath.Dir(here), "..", "..", "..", "..", "shared", "sarif", "sarif-schema-2.1.0.json")
	if _, err := os.Stat(schema); err != nil {
		t.Skip("no ../shared/sarif schema")
	}
	if exec.Command("python3", "-c", "import jsonschema").Run() != nil {
		t.Skip("python3 jsonschema not installed")
	}
	path := filepath.Join(t.TempDir(), "out.sarif")
	if err := os.WriteFile(path, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("python3", "-c", `import json,sys,jsonschema
jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))`, schema, path)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("SARIF schema validation failed: %v\n%s\n%s", err, out, doc)
	}
}
