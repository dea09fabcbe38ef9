// Command chart-renderer renders a Helm 3 chart the way `helm template` does, for tests on machines without helm.
//
// It implements the parts of Helm the Airwave chart uses: values.yaml deep-merged with -f files, validation
// against values.schema.json, the kubeVersion constraint, .Values/.Release/.Chart/.Capabilities/.Template, Sprig
// plus Helm's include, tpl, required, fail, toYaml, fromYaml, toJson, fromJson and lookup (always empty, as in
// `helm template`), and .Files.Get for the chart's other files. Output is one multi-document YAML stream with `# Source:` comments, optionally preceded by
// the chart's crds/ (--include-crds); --notes prints the rendered NOTES.txt instead.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"text/template"

	"github.com/Masterminds/semver"
	"github.com/Masterminds/sprig"
	"github.com/xeipuuv/gojsonschema"
	"sigs.k8s.io/yaml"
)

type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// Chart mirrors the fields of Helm's chart.Metadata that templates read as .Chart.
type Chart struct {
	APIVersion  string            `json:"apiVersion"`
	Name        string            `json:"name"`
	Version     string            `json:"version"`
	AppVersion  string            `json:"appVersion"`
	KubeVersion string            `json:"kubeVersion"`
	Description string            `json:"description"`
	Type        string            `json:"type"`
	Home        string            `json:"home"`
	Icon        string            `json:"icon"`
	Sources     []string          `json:"sources"`
	Keywords    []string          `json:"keywords"`
	Annotations map[string]string `json:"annotations"`
	Deprecated  bool              `json:"deprecated"`
}

type Release struct {
	Name      string
	Namespace string
	Service   string
	Revision  int
	IsInstall bool
	IsUpgrade bool
}

type KubeVersion struct {
	Version    string
	Major      string
	Minor      string
	GitVersion string
}

func (v KubeVersion) String() string { return v.Version }

type VersionSet []string

// Has reports whether the cluster serves a group/version ("apps/v1") or a group/version/kind.
func (s VersionSet) Has(apiVersion string) bool {
	for _, v := range s {
		if v == apiVersion {
			return true
		}
	}
	return false
}

type Capabilities struct {
	KubeVersion KubeVersion
	APIVersions VersionSet
}

type TemplateInfo struct {
	Name     string
	BasePath string
}

// The built-in API versions of Kubernetes that a chart may probe with .Capabilities.APIVersions.Has.
var builtinAPIVersions = []string{
	"v1", "apps/v1", "batch/v1", "policy/v1", "autoscaling/v2", "networking.k8s.io/v1",
	"rbac.authorization.k8s.io/v1", "coordination.k8s.io/v1", "events.k8s.io/v1",
	"apiextensions.k8s.io/v1", "admissionregistration.k8s.io/v1", "storage.k8s.io/v1",
	"scheduling.k8s.io/v1", "discovery.k8s.io/v1", "policy/v1/PodDisruptionBudget",
}

func main() {
	var valueFiles, apiVersions stringList
	chartDir := flag.String("chart", "", "the chart directory")
	name := flag.String("name", "release-name", "the release name")
	namespace := flag.String("namespace", "default", "the release namespace")
	kubeVersion := flag.String("kube-version", "v1.32.0", "the Kubernetes version templates see")
	includeCRDs := flag.Bool("include-crds", false, "print the chart's crds/ before the templates")
	notes := flag.Bool("notes", false, "print the rendered NOTES.txt instead of the manifests")
	flag.Var(&valueFiles, "f", "a values file merged over values.yaml (repeatable, later wins)")
	flag.Var(&apiVersions, "api-versions", "an extra API version the cluster serves (repeatable)")
	flag.Parse()
	if *chartDir == "" {
		fail(errors.New("--chart is required"))
	}

	out, err := render(*chartDir, *name, *namespace, *kubeVersion, valueFiles, apiVersions, *includeCRDs, *notes)
	if err != nil {
		fail(err)
	}
	os.Stdout.WriteString(out)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "Error:", err)
	os.Exit(1)
}

func render(chartDir, name, namespace, kubeVersion string, valueFiles, apiVersions []string, includeCRDs, notes bool) (string, error) {
	var chart Chart
	if err := readYAML(filepath.Join(chartDir, "Chart.yaml"), &chart); err != nil {
		return "", err
	}
	capabilities, err := capabilitiesFor(kubeVersion, apiVersions)
	if err != nil {
		return "", err
	}
	if err := checkKubeVersion(chart, capabilities.KubeVersion); err != nil {
		return "", err
	}
	values, err := mergedValues(chartDir, valueFiles)
	if err != nil {
		return "", err
	}
	if err := validateValues(chartDir, values); err != nil {
		return "", err
	}

	set, names, err := loadTemplates(chartDir, chart.Name)
	if err != nil {
		return "", err
	}
	files, err := loadFiles(chartDir)
	if err != nil {
		return "", err
	}
	root := map[string]interface{}{
		"Files":        files,
		"Values":       values,
		"Chart":        chart,
		"Release":      Release{Name: name, Namespace: namespace, Service: "Helm", Revision: 1, IsInstall: true},
		"Capabilities": capabilities,
	}

	var out strings.Builder
	if notes {
		for _, name := range names {
			if path.Base(name) == "NOTES.txt" {
				text, err := execute(set, name, root, chart.Name)
				if err != nil {
					return "", err
				}
				out.WriteString(text)
			}
		}
		return out.String(), nil
	}
	if includeCRDs {
		if err := writeCRDs(&out, chartDir, chart.Name); err != nil {
			return "", err
		}
	}
	for _, name := range names {
		base := path.Base(name)
		if strings.HasPrefix(base, "_") || base == "NOTES.txt" {
			continue
		}
		text, err := execute(set, name, root, chart.Name)
		if err != nil {
			return "", err
		}
		// As Helm does: a template may hold several documents, each printed with its own Source line.
		for _, doc := range documentSeparator.Split(text, -1) {
			if strings.TrimSpace(doc) == "" {
				continue
			}
			fmt.Fprintf(&out, "---\n# Source: %s\n%s\n", name, strings.TrimRight(doc, "\n"))
		}
	}
	return out.String(), nil
}

// Files is Helm's .Files: the chart's files outside templates/ and charts/, other than the ones Helm reads itself, by
// their paths in the chart.
type Files map[string][]byte

// Get is a file's content, empty when the chart has no such file (as in Helm).
func (f Files) Get(name string) string { return string(f[name]) }

func loadFiles(chartDir string) (Files, error) {
	files := Files{}
	err := filepath.WalkDir(chartDir, func(file string, entry fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(chartDir, file)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if entry.IsDir() {
			if rel == "templates" || rel == "charts" {
				return filepath.SkipDir
			}
			return nil
		}
		switch rel {
		case "Chart.yaml", "values.yaml", "values.schema.json", ".helmignore":
			return nil
		}
		data, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		files[rel] = data
		return nil
	})
	return files, err
}

// Helm's releaseutil.SplitManifests separator.
var documentSeparator = regexp.MustCompile("(?:^|\\s*\n)---\\s*")

func readYAML(file string, into interface{}) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	if err := yaml.Unmarshal(data, into); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	return nil
}

func capabilitiesFor(kubeVersion string, extra []string) (Capabilities, error) {
	v, err := semver.NewVersion(kubeVersion)
	if err != nil {
		return Capabilities{}, fmt.Errorf("--kube-version %q: %w", kubeVersion, err)
	}
	text := fmt.Sprintf("v%d.%d.%d", v.Major(), v.Minor(), v.Patch())
	return Capabilities{
		KubeVersion: KubeVersion{Version: text, GitVersion: text, Major: fmt.Sprint(v.Major()), Minor: fmt.Sprint(v.Minor())},
		APIVersions: append(append(VersionSet{}, builtinAPIVersions...), extra...),
	}, nil
}

func checkKubeVersion(chart Chart, kube KubeVersion) error {
	if chart.KubeVersion == "" {
		return nil
	}
	constraint, err := semver.NewConstraint(chart.KubeVersion)
	if err != nil {
		return fmt.Errorf("Chart.yaml kubeVersion %q: %w", chart.KubeVersion, err)
	}
	version, err := semver.NewVersion(kube.Version)
	if err != nil {
		return err
	}
	if !constraint.Check(version) {
		return fmt.Errorf("chart requires kubeVersion: %s which is incompatible with Kubernetes %s", chart.KubeVersion, kube.Version)
	}
	return nil
}

func mergedValues(chartDir string, valueFiles []string) (map[string]interface{}, error) {
	values := map[string]interface{}{}
	if err := readYAML(filepath.Join(chartDir, "values.yaml"), &values); err != nil {
		return nil, err
	}
	for _, file := range valueFiles {
		override := map[string]interface{}{}
		if err := readYAML(file, &override); err != nil {
			return nil, err
		}
		values = mergeMaps(values, override)
	}
	return values, nil
}

// mergeMaps merges override into base as Helm does: maps merge key by key, anything else replaces, and a null
// in the override removes the key.
func mergeMaps(base, override map[string]interface{}) map[string]interface{} {
	out := make(map[string]interface{}, len(base))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range override {
		if v == nil {
			delete(out, k)
			continue
		}
		if overrideMap, ok := v.(map[string]interface{}); ok {
			if baseMap, ok := out[k].(map[string]interface{}); ok {
				out[k] = mergeMaps(baseMap, overrideMap)
				continue
			}
		}
		out[k] = v
	}
	return out
}

func validateValues(chartDir string, values map[string]interface{}) error {
	schema, err := os.ReadFile(filepath.Join(chartDir, "values.schema.json"))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	result, err := gojsonschema.Validate(gojsonschema.NewBytesLoader(schema), gojsonschema.NewGoLoader(values))
	if err != nil {
		return fmt.Errorf("values.schema.json: %w", err)
	}
	if result.Valid() {
		return nil
	}
	var message strings.Builder
	message.WriteString("values don't meet the specifications of the schema(s) in the following chart(s):")
	for _, e := range result.Errors() {
		fmt.Fprintf(&message, "\n- %s", e)
	}
	return errors.New(message.String())
}

// loadTemplates parses every file under templates/ into one set, as Helm does, so any file can include the
// definitions of another (the _*.tpl helpers). Names are "<chart>/templates/<file>", returned sorted.
func loadTemplates(chartDir, chartName string) (*template.Template, []string, error) {
	dir := filepath.Join(chartDir, "templates")
	var files []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	sort.Strings(files)

	set := template.New("chart").Option("missingkey=zero")
	set.Funcs(funcMap(set, chartName))
	var names []string
	for _, file := range files {
		rel, err := filepath.Rel(chartDir, file)
		if err != nil {
			return nil, nil, err
		}
		name := path.Join(chartName, filepath.ToSlash(rel))
		text, err := os.ReadFile(file)
		if err != nil {
			return nil, nil, err
		}
		if _, err := set.New(name).Parse(string(text)); err != nil {
			return nil, nil, fmt.Errorf("parse error in %s: %w", name, err)
		}
		names = append(names, name)
	}
	return set, names, nil
}

func execute(set *template.Template, name string, root map[string]interface{}, chartName string) (string, error) {
	scope := make(map[string]interface{}, len(root)+1)
	for k, v := range root {
		scope[k] = v
	}
	scope["Template"] = TemplateInfo{Name: name, BasePath: path.Join(chartName, "templates")}
	var buf bytes.Buffer
	if err := set.ExecuteTemplate(&buf, name, scope); err != nil {
		return "", err
	}
	// Helm's non-strict rendering prints nothing, not "<no value>", for a missing value.
	return strings.ReplaceAll(buf.String(), "<no value>", ""), nil
}

func funcMap(set *template.Template, chartName string) template.FuncMap {
	funcs := sprig.TxtFuncMap()
	// Helm removes these so a chart cannot read the machine that renders it.
	delete(funcs, "env")
	delete(funcs, "expandenv")

	includeDepth := 0
	funcs["include"] = func(name string, data interface{}) (string, error) {
		includeDepth++
		defer func() { includeDepth-- }()
		if includeDepth > 1000 {
			return "", fmt.Errorf("rendering template has a nested reference name: %s", name)
		}
		var buf bytes.Buffer
		if err := set.ExecuteTemplate(&buf, name, data); err != nil {
			return "", err
		}
		return buf.String(), nil
	}
	funcs["tpl"] = func(text string, data interface{}) (string, error) {
		clone, err := set.Clone()
		if err != nil {
			return "", err
		}
		t, err := clone.New(path.Join(chartName, "templates", "tpl")).Parse(text)
		if err != nil {
			return "", fmt.Errorf("cannot parse template %q: %w", text, err)
		}
		var buf bytes.Buffer
		if err := t.Execute(&buf, data); err != nil {
			return "", fmt.Errorf("error during tpl function execution for %q: %w", text, err)
		}
		return strings.ReplaceAll(buf.String(), "<no value>", ""), nil
	}
	funcs["required"] = func(message string, value interface{}) (interface{}, error) {
		if value == nil {
			return nil, errors.New(message)
		}
		if s, ok := value.(string); ok && s == "" {
			return nil, errors.New(message)
		}
		return value, nil
	}
	funcs["fail"] = func(message string) (string, error) { return "", errors.New(message) }
	funcs["lookup"] = func(apiVersion, kind, namespace, name string) (map[string]interface{}, error) {
		return map[string]interface{}{}, nil
	}
	funcs["toYaml"] = func(v interface{}) string {
		data, err := yaml.Marshal(v)
		if err != nil {
			return ""
		}
		return strings.TrimSuffix(string(data), "\n")
	}
	funcs["fromYaml"] = func(text string) map[string]interface{} {
		m := map[string]interface{}{}
		if err := yaml.Unmarshal([]byte(text), &m); err != nil {
			m["Error"] = err.Error()
		}
		return m
	}
	funcs["fromYamlArray"] = func(text string) []interface{} {
		var a []interface{}
		if err := yaml.Unmarshal([]byte(text), &a); err != nil {
			a = []interface{}{err.Error()}
		}
		return a
	}
	funcs["toJson"] = func(v interface{}) string {
		data, err := json.Marshal(v)
		if err != nil {
			return ""
		}
		return string(data)
	}
	funcs["fromJson"] = func(text string) map[string]interface{} {
		m := map[string]interface{}{}
		if err := json.Unmarshal([]byte(text), &m); err != nil {
			m["Error"] = err.Error()
		}
		return m
	}
	return funcs
}

func writeCRDs(out *strings.Builder, chartDir, chartName string) error {
	files, err := filepath.Glob(filepath.Join(chartDir, "crds", "*.yaml"))
	if err != nil {
		return err
	}
	sort.Strings(files)
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "---\n# Source: %s/crds/%s\n%s\n", chartName, filepath.Base(file), strings.TrimRight(string(data), "\n"))
	}
	return nil
}
