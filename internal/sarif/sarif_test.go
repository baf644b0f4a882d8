package sarif

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

var findings = []Finding{
	{RuleID: "misaligned-access", Level: "error", Message: "misaligned access off 4 size 8", File: "x.o", Program: "prog", Section: "socket", Insn: 6, SourceFile: "x.c", SourceLine: 12},
	{RuleID: "unsafe-ctx-store", Level: "warning", Message: "immediate store into the context", File: "p.s", Program: "p.s", Insn: 0},
}

func TestStructure(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, "bpfcheck", findings); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Version string
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string
					Rules []struct{ ID string }
				}
			}
			Results []struct {
				RuleID    string
				RuleIndex int
				Level     string
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           *struct{ StartLine int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	r := got.Runs[0]
	if got.Version != "2.1.0" || r.Tool.Driver.Name != "bpfcheck" || len(r.Tool.Driver.Rules) != 2 || len(r.Results) != 2 {
		t.Fatalf("unexpected log: %s", b.String())
	}
	for _, res := range r.Results {
		if r.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("ruleIndex %d does not name %s", res.RuleIndex, res.RuleID)
		}
	}
	if loc := r.Results[0].Locations[0].PhysicalLocation; loc.ArtifactLocation.URI != "x.c" || loc.Region == nil || loc.Region.StartLine != 12 {
		t.Errorf("the C source line must be the location: %+v", loc)
	}
	if loc := r.Results[1].Locations[0].PhysicalLocation; loc.ArtifactLocation.URI != "p.s" || loc.Region != nil {
		t.Errorf("without a source line the input file is the location: %+v", loc)
	}
}

// TestSchema validates the output against the SARIF 2.1.0 schema in
// ../shared/sarif with python's jsonschema, where both are available.
func TestSchema(t *testing.T) {
	schema, _ := filepath.Abs("../../../shared/sarif/sarif-schema-2.1.0.json")
	if _, err := os.Stat(schema); err != nil {
		t.Skip("no ../shared/sarif schema")
	}
	if exec.Command("python3", "-c", "import jsonschema").Run() != nil {
		t.Skip("python3 jsonschema not installed")
	}
	for _, fs := range [][]Finding{findings, nil} {
		var b bytes.Buffer
		Write(&b, "bpfcheck", fs)
		doc := filepath.Join(t.TempDir(), "out.sarif")
		os.WriteFile(doc, b.Bytes(), 0o644)
		cmd := exec.Command("python3", "-c", `import json,sys,jsonschema
jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))`, schema, doc)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("schema validation failed: %v\n%s\n%s", err, out, b.String())
		}
	}
}
