package spapigen

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/spgen/spgen/internal/emit"
	"github.com/spgen/spgen/internal/manifest"
	"github.com/spgen/spgen/internal/naming"
	"github.com/spgen/spgen/internal/spapimodel"
	"github.com/spgen/spgen/models"
	"github.com/spgen/spgen/templates"
)

// Version is the generator's version; it is part of the cache fingerprint.
const Version = "0.1.0"

// Options configure Run.
type Options struct {
	// In is a model file or a directory walked recursively for *.json.
	In string
	// Out is the directory that receives one package directory per model.
	Out string
	// Lock, when set, is checked against the inputs before generating.
	Lock string
	// AcceptDrift rewrites Lock from the inputs instead of failing on drift.
	AcceptDrift bool
	// Prune removes package directories under Out that an earlier run
	// generated (its manifest lists them) for models that
	// are no longer among the inputs.
	Prune bool
	// Jobs is the number of models generated at once (default: the number
	// of CPUs). Above 1, generation runs in worker processes (see
	// ServeWorker), because oapi-codegen keeps global state.
	Jobs int
	// Force regenerates every model even when the cache says it is unchanged.
	Force bool
	// CacheDir holds the skip cache (default: os.UserCacheDir()/spgen).
	CacheDir string
	// Log receives one line per model and the warnings (nil: discarded).
	Log io.Writer
	// Verbose also logs the fix-ups applied to each model.
	Verbose bool
	// RateLimits is Amazon's SDK rate table (rate-limits.yml), used for
	// operations whose model has no usable Usage Plan table ("": none).
	RateLimits string
	// NoOverlays generates without the patches of models/overlays.
	NoOverlays bool
	// KeepGoing generates every model that can be generated, writes those,
	// and reports every model that cannot (Run still returns an error). By
	// default one failing model fails the run and nothing is written.
	KeepGoing bool
}

// Result summarises a run.
type Result struct {
	Reports            []*Report
	Generated, Skipped int
	// Failed counts the models that did not generate (only with KeepGoing).
	Failed              int
	Operations, Planned int
	// FromTable counts the operations whose rate came from the SDK rate table.
	FromTable int
	Warnings  int
}

// Run generates every model under opts.In into opts.Out. Either every model
// generates and every package directory is replaced, or Run returns an error
// and Out is left as it was.
func Run(ctx context.Context, opts Options) (*Result, error) {
	if opts.Out == "" {
		return nil, errors.New("spapigen: no output directory")
	}
	logw := opts.Log
	if logw == nil {
		logw = io.Discard
	}
	all, err := discover(opts.In)
	if err != nil {
		return nil, err
	}
	if err := checkLock(opts, all); err != nil {
		return nil, err
	}
	restricted, err := models.LoadRestricted()
	if err != nil {
		return nil, err
	}
	deprecations, err := models.LoadDeprecations()
	if err != nil {
		return nil, err
	}
	var rates spapimodel.RateTable
	if opts.RateLimits != "" {
		if rates, err = spapimodel.ReadRateTable(opts.RateLimits); err != nil {
			return nil, err
		}
	}
	fp := fingerprint()
	cache := openCache(opts)

	var todo []*Model
	res := &Result{}
	skipped := map[string]*Report{}
	for _, m := range all {
		m.Restricted = restricted[filepath.Base(m.Rel)]
		m.NoOverlays = opts.NoOverlays
		m.Deprecations = deprecations[filepath.Base(m.Rel)]
		m.Rates = rates
		if rep, ok := cache.fresh(m, fp, filepath.Join(opts.Out, m.Package)); ok && !opts.Force {
			rep.Skipped = true
			skipped[m.Package] = rep
			continue
		}
		todo = append(todo, m)
	}

	outputs, reports, failed, err := generateAll(ctx, todo, opts.Jobs)
	if err != nil {
		return nil, err
	}
	if len(failed) > 0 && !opts.KeepGoing {
		if len(failed) == 1 {
			return nil, failed[0]
		}
		return nil, failed
	}
	for _, m := range todo {
		if _, ok := outputs[m.Package]; !ok {
			continue
		}
		if err := emit.WriteDir(filepath.Join(opts.Out, m.Package), outputs[m.Package]); err != nil {
			return nil, fmt.Errorf("writing %s: %w", m.Package, err)
		}
		cache.put(m, fp, outputs[m.Package], reports[m.Package])
	}
	previous, err := manifest.Read(opts.Out)
	if err != nil {
		return nil, err
	}
	if opts.Prune {
		if err := prune(opts.Out, previous, all); err != nil {
			return nil, err
		}
	}
	cache.save()

	for _, m := range all {
		rep := skipped[m.Package]
		if rep == nil {
			rep = reports[m.Package]
			if rep == nil {
				res.Failed++
				fmt.Fprintf(logw, "%-40s FAILED (%s)\n", m.Package, m.Rel)
				continue
			}
			res.Generated++
		} else {
			res.Skipped++
		}
		res.Reports = append(res.Reports, rep)
		res.Operations += rep.Operations
		res.Planned += rep.UsagePlans
		res.FromTable += rep.TablePlans
		res.Warnings += len(rep.Warnings)
		status := "generated"
		if rep.Skipped {
			status = "unchanged"
		}
		fmt.Fprintf(logw, "%-40s %s (%s)\n", m.Package, status, m.Rel)
		for _, w := range rep.Warnings {
			fmt.Fprintf(logw, "  warning: %s: %s\n", m.Rel, w)
		}
		if opts.Verbose {
			for _, n := range rep.Notes {
				fmt.Fprintf(logw, "  fix-up: %s: %s\n", m.Rel, n)
			}
		}
	}
	if err := manifest.Write(opts.Out, newManifest(all, skipped, reports, previous, opts.Prune)); err != nil {
		return nil, err
	}
	if len(failed) > 0 {
		return res, failed
	}
	return res, nil
}

// newManifest lists the packages of this run that have output, and (without
// pruning) the packages an earlier run listed that this one did not touch.
func newManifest(all []*Model, skipped, reports map[string]*Report, previous *manifest.Manifest, pruned bool) *manifest.Manifest {
	m := &manifest.Manifest{Generator: "spgen " + Version}
	seen := map[string]bool{}
	for _, mod := range all {
		rep := skipped[mod.Package]
		if rep == nil {
			rep = reports[mod.Package]
		}
		if rep == nil {
			continue
		}
		seen[mod.Package] = true
		m.Packages = append(m.Packages, manifest.Package{Package: mod.Package, Model: mod.Rel, SHA256: sha256Hex(mod.Data), Operations: rep.Operations})
	}
	if !pruned {
		for _, p := range previous.Packages {
			if !seen[p.Package] {
				m.Packages = append(m.Packages, p)
			}
		}
	}
	return m
}

// ModelErrors are the failures of the models that did not generate, in
// model order. With Options.KeepGoing, Run returns them together with the
// Result of the models that did.
type ModelErrors []error

func (e ModelErrors) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d of the models failed to generate:", len(e))
	for _, err := range e {
		b.WriteString("\n  ")
		b.WriteString(strings.ReplaceAll(err.Error(), "\n", "\n    "))
	}
	return b.String()
}

// Unwrap returns the individual failures, for errors.As.
func (e ModelErrors) Unwrap() []error { return e }

// discover lists the model files under in and assigns collision-free
// package names.
func discover(in string) ([]*Model, error) {
	info, err := os.Stat(in)
	if err != nil {
		return nil, err
	}
	var paths []string
	root := in
	if info.IsDir() {
		err = filepath.WalkDir(in, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(d.Name(), ".json") {
				paths = append(paths, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	} else {
		root = filepath.Dir(in)
		paths = []string{in}
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("%s: no *.json model files", in)
	}
	sort.Strings(paths)
	var models []*Model
	for _, p := range paths {
		rel, _ := filepath.Rel(root, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		models = append(models, &Model{Path: p, Input: spapimodel.Input{Rel: filepath.ToSlash(rel), Data: data}})
	}
	assignPackages(models)
	return models, nil
}

// assignPackages names each model's package after its file name
// (ordersV0.json → ordersv0). Files whose names collide are named after
// their directory and file (a/x.json, b/x.json → ax, bx); what still
// collides gets a numeric suffix in path order. The result depends only on
// the set of relative paths, so it is deterministic.
func assignPackages(models []*Model) {
	count := map[string]int{}
	for _, m := range models {
		count[naming.PackageName(m.Rel)]++
	}
	var set naming.Set
	for _, m := range models {
		name := naming.PackageName(m.Rel)
		if count[name] > 1 {
			dir := filepath.Base(filepath.Dir(filepath.FromSlash(m.Rel)))
			name = naming.PackageName(dir + "_" + filepath.Base(m.Rel))
		}
		m.Package = set.Unique(name)
	}
}

func checkLock(opts Options, models []*Model) error {
	if opts.Lock == "" {
		return nil
	}
	found := map[string]string{}
	for _, m := range models {
		found[m.Rel] = sha256Hex(m.Data)
	}
	lock, err := ReadLock(opts.Lock)
	if err != nil {
		if !(errors.Is(err, fs.ErrNotExist) && opts.AcceptDrift) {
			return fmt.Errorf("lock: %w", err)
		}
		lock = &Lock{}
	}
	err = lock.Check(opts.Lock, found)
	if err == nil {
		return nil
	}
	if !opts.AcceptDrift {
		return err
	}
	lock.Files = found
	return lock.Write(opts.Lock)
}

// fingerprint identifies the generator: its version, its templates, its
// embedded model overlays and the running executable (so that rebuilding
// the generator from changed sources invalidates the cache).
func fingerprint() string {
	h := sha256.New()
	fmt.Fprintf(h, "spgen %s %s\n", Version, runtime.Version())
	tm := templates.All()
	for _, n := range spapimodel.SortedKeys(tm) {
		fmt.Fprintf(h, "%s\n%s\n", n, tm[n])
	}
	h.Write(models.Fingerprint())
	if exe, err := os.Executable(); err == nil {
		if f, err := os.Open(exe); err == nil {
			io.Copy(h, f)
			f.Close()
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// prune removes the packages the previous manifest lists for models that
// are no longer among the inputs.
func prune(out string, previous *manifest.Manifest, models []*Model) error {
	keep := map[string]bool{}
	for _, m := range models {
		keep[m.Package] = true
	}
	for _, p := range previous.Packages {
		if keep[p.Package] || p.Package == "" || filepath.Base(p.Package) != p.Package {
			continue
		}
		if err := os.RemoveAll(filepath.Join(out, p.Package)); err != nil {
			return err
		}
	}
	return nil
}

// generateAll generates models with up to jobs at once and returns the files
// and report of every package that generated and the failures of the models
// that did not, in model order. err is set only when generation itself broke
// (cancelled, a worker died).
func generateAll(ctx context.Context, todo []*Model, jobs int) (map[string]emit.Files, map[string]*Report, ModelErrors, error) {
	if jobs <= 0 {
		jobs = runtime.NumCPU()
	}
	if jobs > len(todo) {
		jobs = len(todo)
	}
	outputs := map[string]emit.Files{}
	reports := map[string]*Report{}
	if len(todo) == 0 {
		return outputs, reports, nil, nil
	}
	errs := make([]error, len(todo))
	var mu sync.Mutex
	record := func(i int, files emit.Files, rep *Report, err error) {
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			errs[i] = err
			return
		}
		outputs[todo[i].Package] = files
		reports[todo[i].Package] = rep
	}

	next := make(chan int)
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		defer close(next)
		for i := range todo {
			select {
			case next <- i:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	})
	if jobs == 1 {
		g.Go(func() error {
			for i := range next {
				files, rep, err := generateInProcess(*todo[i])
				record(i, files, rep, err)
			}
			return nil
		})
	} else {
		for w := 0; w < jobs; w++ {
			g.Go(func() error {
				wk, err := startWorker(ctx)
				if err != nil {
					return err
				}
				defer wk.close()
				for i := range next {
					files, rep, err := wk.generate(todo[i])
					if errors.Is(err, errWorkerDied) {
						return err
					}
					record(i, files, rep, err)
				}
				return nil
			})
		}
	}
	if err := g.Wait(); err != nil {
		return nil, nil, nil, err
	}
	var failed ModelErrors
	for _, err := range errs {
		if err != nil {
			failed = append(failed, err)
		}
	}
	return outputs, reports, failed, nil
}

// codegenMu serialises in-process generation: oapi-codegen keeps its
// configuration in package-level state.
var codegenMu sync.Mutex

func generateInProcess(m Model) (emit.Files, *Report, error) {
	codegenMu.Lock()
	defer codegenMu.Unlock()
	return GenerateModel(m)
}

// cache remembers, per model, the fingerprint of its last generation and
// the hash of the files it produced, so an unchanged model whose output is
// intact is skipped.
type cache struct {
	path    string
	entries map[string]cacheEntry
	dirty   bool
}

type cacheEntry struct {
	Input  string  `json:"input"`  // sha256 of the model + generator fingerprint
	Output string  `json:"output"` // sha256 of the package's files
	Report *Report `json:"report"` // what generating it reported
}

func openCache(opts Options) *cache {
	dir := opts.CacheDir
	if dir == "" {
		if d, err := os.UserCacheDir(); err == nil {
			dir = filepath.Join(d, "spgen")
		}
	}
	c := &cache{entries: map[string]cacheEntry{}}
	if dir == "" {
		return c
	}
	abs, err := filepath.Abs(opts.Out)
	if err != nil {
		return c
	}
	key := sha256.Sum256([]byte(abs))
	c.path = filepath.Join(dir, "spapi-"+hex.EncodeToString(key[:8])+".json")
	if data, err := os.ReadFile(c.path); err == nil {
		json.Unmarshal(data, &c.entries)
	}
	return c
}

func inputKey(m *Model, fp string) string {
	rates, _ := json.Marshal(m.Rates)
	return sha256Hex([]byte(fmt.Sprintf("%s\x00%s\x00%s\x00%t\x00%s\x00%s", fp, m.Rel, m.Package, m.NoOverlays, sha256Hex(rates), sha256Hex(m.Data))))
}

func outputKey(files emit.Files) string {
	h := sha256.New()
	for _, n := range files.Names() {
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(files[n]))
		h.Write(files[n])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// fresh reports whether m's package in dir is what the cache says the
// current generator makes of the current model, and returns the report of
// that generation.
func (c *cache) fresh(m *Model, fp, dir string) (*Report, bool) {
	e, ok := c.entries[m.Package]
	if !ok || e.Input != inputKey(m, fp) || e.Report == nil {
		return nil, false
	}
	files := emit.Files{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, false
	}
	for _, de := range entries {
		if de.IsDir() {
			return nil, false
		}
		b, err := os.ReadFile(filepath.Join(dir, de.Name()))
		if err != nil {
			return nil, false
		}
		files[de.Name()] = b
	}
	if outputKey(files) != e.Output {
		return nil, false
	}
	rep := *e.Report
	return &rep, true
}

func (c *cache) put(m *Model, fp string, files emit.Files, rep *Report) {
	c.entries[m.Package] = cacheEntry{Input: inputKey(m, fp), Output: outputKey(files), Report: rep}
	c.dirty = true
}

func (c *cache) save() {
	if c.path == "" || !c.dirty {
		return
	}
	data, err := json.Marshal(c.entries)
	if err != nil {
		return
	}
	if os.MkdirAll(filepath.Dir(c.path), 0o755) != nil {
		return
	}
	tmp := c.path + ".tmp"
	if os.WriteFile(tmp, data, 0o644) == nil {
		os.Rename(tmp, c.path)
	}
}
