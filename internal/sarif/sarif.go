// Package sarif writes SARIF 2.1.0 logs (the OASIS static-analysis results
// format that code-scanning services read) from bpfcheck's findings.
package sarif

import (
	"encoding/json"
	"io"
	"sort"
)

// Finding is one result: a rejection, a warning or an unsupported program.
type Finding struct {
	RuleID  string // stable code, e.g. "misaligned-access"
	Level   string // "error", "warning" or "note"
	Message string
	File    string // the input file
	Program string // program name
	Section string // ELF section, "" for raw and text input
	Insn    int    // instruction index
	// SourceFile and SourceLine locate the C source when known (line 0: unknown).
	SourceFile string
	SourceLine int
}

type log struct {
	Version string `json:"version"`
	Schema  string `json:"$schema"`
	Runs    []run  `json:"runs"`
}

type run struct {
	Tool    tool     `json:"tool"`
	Results []result `json:"results"`
}

type tool struct {
	Driver driver `json:"driver"`
}

type driver struct {
	Name           string `json:"name"`
	InformationURI string `json:"informationUri,omitempty"`
	Rules          []rule `json:"rules"`
}

type rule struct {
	ID               string  `json:"id"`
	ShortDescription message `json:"shortDescription"`
}

type message struct {
	Text string `json:"text"`
}

type result struct {
	RuleID    string     `json:"ruleId"`
	RuleIndex int        `json:"ruleIndex"`
	Level     string     `json:"level"`
	Message   message    `json:"message"`
	Locations []location `json:"locations"`
}

type location struct {
	PhysicalLocation physical  `json:"physicalLocation"`
	LogicalLocations []logical `json:"logicalLocations,omitempty"`
}

type physical struct {
	ArtifactLocation artifact `json:"artifactLocation"`
	Region           *region  `json:"region,omitempty"`
}

type artifact struct {
	URI string `json:"uri"`
}

type region struct {
	StartLine int `json:"startLine"`
}

type logical struct {
	Name               string `json:"name"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

// Write prints one SARIF log holding every finding, in order, with a rule
// per distinct RuleID.
func Write(w io.Writer, toolName string, findings []Finding) error {
	ids := map[string]int{}
	var rules []rule
	for _, f := range findings {
		if _, ok := ids[f.RuleID]; !ok {
			ids[f.RuleID] = 0
			rules = append(rules, rule{ID: f.RuleID, ShortDescription: message{Text: f.RuleID}})
		}
	}
	sort.Slice(rules, func(i, j int) bool { return rules[i].ID < rules[j].ID })
	for i, r := range rules {
		ids[r.ID] = i
	}
	results := make([]result, 0, len(findings))
	for _, f := range findings {
		loc := location{PhysicalLocation: physical{ArtifactLocation: artifact{URI: f.File}}}
		if f.SourceLine > 0 {
			loc.PhysicalLocation = physical{ArtifactLocation: artifact{URI: f.SourceFile}, Region: &region{StartLine: f.SourceLine}}
		}
		name := f.Program
		if f.Section != "" {
			name = f.Section + "/" + f.Program
		}
		loc.LogicalLocations = []logical{{Name: name, FullyQualifiedName: f.File + ":" + name + ":" + itoa(f.Insn), Kind: "function"}}
		results = append(results, result{RuleID: f.RuleID, RuleIndex: ids[f.RuleID], Level: f.Level, Message: message{Text: f.Message}, Locations: []location{loc}})
	}
	out := log{
		Version: "2.1.0",
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Runs:    []run{{Tool: tool{Driver: driver{Name: toolName, Rules: rules}}, Results: results}},
	}
	if rules == nil {
		out.Runs[0].Tool.Driver.Rules = []rule{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}
