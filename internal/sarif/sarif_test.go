package sarif

import (
	"bytes"
	"encoding/json"

	"github.com/bpfcheck/bpfcheck/internal/sarif/sariftest"
	"testing"
)

var sample = Log{
	ToolName: "bpfcheck", ToolVersion: "test", Root: "file:///src/",
	Rules: []Rule{{ID: "misaligned-access", Name: "MisalignedAccess", Short: "misaligned memory access", Full: "why", Help: "fix", HelpURI: "https://example.org/#misaligned-access"}},
	Findings: []Finding{
		{RuleID: "misaligned-access", Level: "error", Message: "misaligned access off 4 size 8", Object: Artifact{"x.o", true}, Program: "prog", Section: "socket", Insn: 6,
			Source: Artifact{"x.c", true}, SourceLine: 12, SourceColumn: 3},
		{RuleID: "unsafe-ctx-store", Level: "warning", Message: "immediate store into the context", Object: Artifact{"file:///tmp/p.s", false}, Program: "p.s", Insn: 0},
	},
	Notifications: []Notification{{Code: "unreadable-input", Message: "missing.o: open: no such file or directory", Object: Artifact{"missing.o", true}}},
}

func TestStructure(t *testing.T) {
	var b bytes.Buffer
	if err := sample.Write(&b); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Version string
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string
					Rules []struct {
						ID      string
						HelpURI string
					}
				}
			}
			Invocations []struct {
				ExecutionSuccessful        bool
				ToolExecutionNotifications []struct{ Level string }
			}
			OriginalURIBaseIDs map[string]struct{ URI string } `json:"originalUriBaseIds"`
			Results            []struct {
				RuleID    string
				RuleIndex int
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI       string
							URIBaseID string `json:"uriBaseId"`
						}
						Region *struct{ StartLine, StartColumn int }
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
	if r.Tool.Driver.Rules[0].HelpURI == "" {
		t.Errorf("a catalogued rule must carry its help URI")
	}
	if loc := r.Results[0].Locations[0].PhysicalLocation; loc.ArtifactLocation.URI != "x.c" || loc.ArtifactLocation.URIBaseID != BaseID ||
		loc.Region == nil || loc.Region.StartLine != 12 || loc.Region.StartColumn != 3 {
		t.Errorf("the C source line must be the location, relative to the root: %+v", loc)
	}
	if loc := r.Results[1].Locations[0].PhysicalLocation; loc.ArtifactLocation.URI != "file:///tmp/p.s" || loc.ArtifactLocation.URIBaseID != "" || loc.Region == nil || loc.Region.StartLine != 1 {
		t.Errorf("without a source line the input file is the location, at line 1: %+v", loc)
	}
	if r.OriginalURIBaseIDs[BaseID].URI != "file:///src/" {
		t.Errorf("originalUriBaseIds: %+v", r.OriginalURIBaseIDs)
	}
	if inv := r.Invocations[0]; inv.ExecutionSuccessful || len(inv.ToolExecutionNotifications) != 1 {
		t.Errorf("an unreadable input is a notification and an unsuccessful execution: %+v", inv)
	}
}

// TestSchema validates logs against the SARIF 2.1.0 schema in ../shared/sarif.
func TestSchema(t *testing.T) {
	for _, l := range []Log{sample, {ToolName: "bpfcheck"}} {
		var b bytes.Buffer
		if err := l.Write(&b); err != nil {
			t.Fatal(err)
		}
		sariftest.Validate(t, b.Bytes())
	}
}
