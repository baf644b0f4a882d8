// Package sarif writes SARIF 2.1.0 logs (the OASIS static-analysis results
// format that code-scanning services read) from bpfcheck's findings.
//
// A log is always a complete, valid document (tested against the schema):
// rules describe the codes that occur, each result has a physical location
// with a region (GitHub code scanning requires startLine) and a logical
// location naming the program and instruction, and inputs that could not be
// analysed are tool execution notifications.
package sarif

import (
	"encoding/json"
	"io"
	"sort"
	"strconv"
)

// BaseID is the uriBaseId of relative artifact URIs; originalUriBaseIds
// maps it to the log's Root.
const BaseID = "SRCROOT"

// Artifact is a file a location points into. URI is relative to the log's
// Root when Relative is set, else an absolute URI (file:///...).
type Artifact struct {
	URI      string
	Relative bool
}

// Rule describes a diagnostic code.
type Rule struct {
	ID      string // the code
	Name    string // a PascalCase name
	Short   string // title
	Full    string // why
	Help    string // fix
	HelpURI string
}

// Finding is one result: a rejection, a warning or an unsupported program.
type Finding struct {
	RuleID  string // stable code, e.g. "misaligned-access"
	Level   string // "error", "warning" or "note"
	Message string
	Object  Artifact // the input file
	Program string   // program name
	Section string   // ELF section, "" for raw and text input
	Insn    int      // instruction index
	// Source locates the C source when SourceLine > 0; otherwise the
	// location is the object itself (line 1) and the logical location
	// says where in it.
	Source       Artifact
	SourceLine   int
	SourceColumn int
}

// Notification is an input that could not be analysed, or a usage error
// (Object empty).
type Notification struct {
	Code    string // the catalogue's input code
	Message string
	Object  Artifact
}

// Log is one SARIF log: a single run of the tool.
type Log struct {
	ToolName       string
	ToolVersion    string
	InformationURI string
	Root           string // absolute file:// URI of the directory relative URIs start from, ending in /
	Rules          []Rule // rules for every RuleID used; missing ones get a bare rule
	Findings       []Finding
	Notifications  []Notification
}

type jlog struct {
	Version string `json:"version"`
	Schema  string `json:"$schema"`
	Runs    []jrun `json:"runs"`
}

type jrun struct {
	Tool               jtool                  `json:"tool"`
	Invocations        []jinvocation          `json:"invocations"`
	OriginalURIBaseIDs map[string]jartifactLo `json:"originalUriBaseIds,omitempty"`
	Results            []jresult              `json:"results"`
}

type jtool struct {
	Driver jdriver `json:"driver"`
}

type jdriver struct {
	Name           string  `json:"name"`
	Version        string  `json:"version,omitempty"`
	InformationURI string  `json:"informationUri,omitempty"`
	Rules          []jrule `json:"rules"`
}

type jrule struct {
	ID               string    `json:"id"`
	Name             string    `json:"name,omitempty"`
	ShortDescription jmessage  `json:"shortDescription"`
	FullDescription  *jmessage `json:"fullDescription,omitempty"`
	Help             *jmessage `json:"help,omitempty"`
	HelpURI          string    `json:"helpUri,omitempty"`
}

type jmessage struct {
	Text string `json:"text"`
}

type jinvocation struct {
	ExecutionSuccessful bool            `json:"executionSuccessful"`
	Notifications       []jnotification `json:"toolExecutionNotifications"`
}

type jnotification struct {
	Level      string     `json:"level"`
	Message    jmessage   `json:"message"`
	Descriptor *jdescRef  `json:"descriptor,omitempty"`
	Locations  []location `json:"locations,omitempty"`
}

type jdescRef struct {
	ID string `json:"id"`
}

type jresult struct {
	RuleID    string     `json:"ruleId"`
	RuleIndex int        `json:"ruleIndex"`
	Level     string     `json:"level"`
	Message   jmessage   `json:"message"`
	Locations []location `json:"locations"`
}

type location struct {
	PhysicalLocation physical  `json:"physicalLocation"`
	LogicalLocations []logical `json:"logicalLocations,omitempty"`
}

type physical struct {
	ArtifactLocation jartifactLo `json:"artifactLocation"`
	Region           *region     `json:"region,omitempty"`
}

type jartifactLo struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type region struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

type logical struct {
	Name               string `json:"name"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

func artifactLoc(a Artifact) jartifactLo {
	if a.Relative {
		return jartifactLo{URI: a.URI, URIBaseID: BaseID}
	}
	return jartifactLo{URI: a.URI}
}

// Write prints the log as one indented JSON document.
func (l *Log) Write(w io.Writer) error {
	known := map[string]Rule{}
	for _, r := range l.Rules {
		known[r.ID] = r
	}
	used := map[string]bool{}
	for _, f := range l.Findings {
		used[f.RuleID] = true
	}
	ids := make([]string, 0, len(used))
	for id := range used {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	index := map[string]int{}
	rules := make([]jrule, 0, len(ids))
	for i, id := range ids {
		index[id] = i
		r, ok := known[id]
		jr := jrule{ID: id, ShortDescription: jmessage{Text: id}}
		if ok {
			jr = jrule{ID: id, Name: r.Name, ShortDescription: jmessage{Text: r.Short}, HelpURI: r.HelpURI}
			if r.Full != "" {
				jr.FullDescription = &jmessage{Text: r.Full}
			}
			if r.Help != "" {
				jr.Help = &jmessage{Text: r.Help}
			}
		}
		rules = append(rules, jr)
	}
	results := make([]jresult, 0, len(l.Findings))
	for _, f := range l.Findings {
		loc := location{PhysicalLocation: physical{ArtifactLocation: artifactLoc(f.Object), Region: &region{StartLine: 1}}}
		if f.SourceLine > 0 {
			loc.PhysicalLocation = physical{ArtifactLocation: artifactLoc(f.Source), Region: &region{StartLine: f.SourceLine, StartColumn: f.SourceColumn}}
		}
		name, fqn := f.Program, f.Object.URI+":"+strconv.Itoa(f.Insn)
		if f.Section != "" {
			name = f.Section + "/" + f.Program
			fqn = f.Object.URI + ":" + name + ":" + strconv.Itoa(f.Insn)
		}
		loc.LogicalLocations = []logical{{Name: name, FullyQualifiedName: fqn, Kind: "function"}}
		results = append(results, jresult{RuleID: f.RuleID, RuleIndex: index[f.RuleID], Level: f.Level, Message: jmessage{Text: f.Message}, Locations: []location{loc}})
	}
	notes := make([]jnotification, 0, len(l.Notifications))
	for _, n := range l.Notifications {
		jn := jnotification{Level: "error", Message: jmessage{Text: n.Message}}
		if n.Object.URI != "" {
			jn.Locations = []location{{PhysicalLocation: physical{ArtifactLocation: artifactLoc(n.Object)}}}
		}
		if n.Code != "" {
			jn.Descriptor = &jdescRef{ID: n.Code}
		}
		notes = append(notes, jn)
	}
	run := jrun{
		Tool:        jtool{Driver: jdriver{Name: l.ToolName, Version: l.ToolVersion, InformationURI: l.InformationURI, Rules: rules}},
		Invocations: []jinvocation{{ExecutionSuccessful: len(l.Notifications) == 0, Notifications: notes}},
		Results:     results,
	}
	if l.Root != "" {
		run.OriginalURIBaseIDs = map[string]jartifactLo{BaseID: {URI: l.Root}}
	}
	out := jlog{Version: "2.1.0", Schema: "https://json.schemastore.org/sarif-2.1.0.json", Runs: []jrun{run}}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
