package spapitest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spgen/spgen/spapi"
)

// ModelsEnv is the environment variable naming the models directory when
// no [Models] option is given.
const ModelsEnv = "SPGEN_SPAPI_MODELS"

// Paths the sandbox serves besides the SP-API operations.
const (
	// TokenPath is the Login with Amazon token endpoint.
	TokenPath = "/auth/o2/token"
	// UploadsPath prefixes the path of the presigned upload URLs the
	// sandbox issues (on UploadsHost).
	UploadsPath = "/_sandbox/uploads/"
)

// maxBody bounds request bodies the sandbox reads.
const maxBody = 32 << 20

type config struct {
	dir         string
	only        []string
	requireAuth bool
	logger      *slog.Logger
	responders  map[string][]Responder
	// the getMessagingActionsForOrder response to serve (see MessagingActions)
	actions                  []byte
	actionsFile, actionsPath string
	flow                     flowConfig // the stateful flows' options (flows.go)

	// usage plans, clock and faults (plans.go, clock.go, faults.go)
	enforcePlans bool
	clock        *Clock
	faultSeed    uint64
	faults       map[string]Faults
}

// Option configures a sandbox.
type Option func(*config)

// Models sets the directory (or single model file) the sandbox serves,
// e.g. the selling-partner-api-models checkout's models folder. Without
// it the sandbox reads the directory named by $SPGEN_SPAPI_MODELS.
func Models(dir string) Option { return func(c *config) { c.dir = dir } }

// Only restricts the sandbox to the model files with these base names
// (e.g. "ordersV0.json", "feeds_2021-06-30.json"); loading fewer models
// starts faster.
func Only(files ...string) Option {
	return func(c *config) { c.only = append(c.only, files...) }
}

// RequireAuth makes the sandbox answer SP-API requests that carry no
// x-amz-access-token it issued (from its token endpoint, or a Restricted
// Data Token from createRestrictedDataToken) with 403 Unauthorized, as
// SP-API does.
func RequireAuth() Option { return func(c *config) { c.requireAuth = true } }

// WithLogger logs one record per request: the operation, the status and
// the case that answered it or why none did.
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// Server is the offline SP-API sandbox: an http.Handler serving every
// operation of the loaded models from their x-amzn-api-sandbox cases,
// validating each request against the model, plus a Login with Amazon
// token endpoint and presigned upload URLs.
//
// A request whose parameters match a case gets that case's response with
// the status code it is filed under and the header X-Sandbox-Case naming
// it. The parameters a case names must equal the request's (path, query
// and header parameters by value, the body by containment: every field the
// case gives must be in the request); the parameters it leaves out are
// wildcards. Of several matching cases the most specific answers. A
// request no case matches gets 400 (404 when a path parameter did not
// match) in the model's error shape, saying which parameter did not match.
//
// Every request is validated against the model first (kin-openapi
// openapi3filter: path, query, headers and body); an invalid one gets 400
// InvalidInput naming the parameter and the reason, unless a case of a
// rejection ([IsRejection]) matches it: many of Amazon's error cases are
// deliberately invalid requests.
type Server struct {
	// URL is the base URL of a sandbox started with [Start] or
	// [Server.Start] ("http://127.0.0.1:port"); empty otherwise.
	URL string

	models  []*Model
	skipped []Skip
	router  *router
	cfg     config
	store   *store
	seq     atomic.Int64
	// arrivals numbers the requests as they arrive (the journal's order).
	arrivals atomic.Int64

	tokensMu sync.Mutex
	tokens   map[string]*grant // access tokens and RDTs issued
	// tokensPruneAt is the grant count at which issue next drops the
	// expired grants.
	tokensPruneAt int
	revoked       map[string]bool // refresh tokens revoked

	// own are the sandbox's responders per operation (after the user's);
	// builtins the operations it plays without their model.
	own      map[string][]Responder
	builtins []*builtin

	// actions is the getMessagingActionsForOrder response served for
	// orders without a case, listActions that operation (nil without the
	// messaging model).
	actions     *actionsSource
	listActions *Operation

	// flows are the stateful flows (flows.go); notify sends their
	// notifications.
	flows  []flow
	notify *notifier

	journalMu    sync.Mutex
	journal      []Exchange
	journalBytes int

	// clock is the sandbox's time; plans its usage plan buckets; faults
	// the injected faults (nil: none); violations the first requests above
	// their plans and violationCount all of them.
	clock          *Clock
	plans          plans
	faults         *faultSource
	violations     []Exchange
	violationCount int

	ts *httptest.Server
}

// New loads the models and returns a sandbox handler. Serve it yourself
// or call [Server.Start].
func New(opts ...Option) (*Server, error) {
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.dir == "" {
		cfg.dir = os.Getenv(ModelsEnv)
	}
	if cfg.dir == "" {
		return nil, fmt.Errorf("spapitest: no models: pass spapitest.Models(dir) or set $%s", ModelsEnv)
	}
	if cfg.logger == nil {
		cfg.logger = slog.New(slog.DiscardHandler)
	}
	ms, skipped, err := LoadWithSkips(cfg.dir, cfg.only...)
	if err != nil {
		return nil, err
	}
	for _, sk := range skipped {
		cfg.logger.Warn("sandbox: skipped a JSON file that is not a Swagger 2.0 model", "file", sk.File, "reason", sk.Reason)
	}
	r, err := newRouter(ms)
	if err != nil {
		return nil, err
	}
	if cfg.clock == nil {
		cfg.clock = &Clock{scale: 1, start: time.Now()} // the wall clock
	}
	s := &Server{models: ms, skipped: skipped, router: r, cfg: cfg, store: newStore(),
		tokens: map[string]*grant{}, revoked: map[string]bool{}, clock: cfg.clock}
	s.own = map[string][]Responder{
		"createUploadDestinationForResource": {s.uploadDestination},
		"createRestrictedDataToken":          {s.restrictedDataToken},
	}
	s.builtins = []*builtin{newBuiltin("createRestrictedDataToken", http.MethodPost, RestrictedDataTokenPath, s.restrictedDataToken)}
	if len(cfg.faults) > 0 {
		if err := checkFaults(cfg.faults, s.knownOperation); err != nil {
			return nil, err
		}
		s.faults = &faultSource{seed: cfg.faultSeed, specs: cfg.faults, rngs: map[string]*rand.Rand{}}
	}
	if err := s.setupMessaging(); err != nil {
		return nil, err
	}
	if err := s.setupFlows(); err != nil {
		return nil, err
	}
	if err := s.checkResponders(); err != nil {
		return nil, err
	}
	return s, nil
}

// Start starts a sandbox on a loopback port for the duration of a test:
// it fails tb if the models do not load and closes the server in
// tb.Cleanup. The sandbox's URL is in Server.URL; [Server.Config] and
// [Server.Client] wire the spapi runtime or a generated client to it.
func Start(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	s, err := New(opts...)
	if err != nil {
		tb.Fatalf("spapitest: %v", err)
	}
	s.Start()
	tb.Cleanup(s.Close)
	return s
}

// Start serves the sandbox on a loopback port (httptest) and sets URL.
func (s *Server) Start() {
	s.ts = httptest.NewServer(s)
	s.URL = s.ts.URL
}

// Close shuts down a sandbox started with [Server.Start].
func (s *Server) Close() {
	if s.ts != nil {
		s.ts.Close()
	}
}

// Models returns the served models.
func (s *Server) Models() []*Model { return s.models }

// Credentials the sandbox's [Server.Config] uses; its token endpoint
// accepts any non-empty credentials.
const (
	SandboxClientID     = "amzn1.application-oa2-client.sandbox"
	SandboxClientSecret = "sandbox-client-secret"
	SandboxRefreshToken = "Atzr|sandbox-refresh-token"
)

// Config returns an spapi.Config for this sandbox: its endpoint and token
// URL and sandbox credentials. Pass [Server.Transport] with
// spapi.WithTransport too, so that presigned document URLs named by cases
// (which point at Amazon's hosts) reach the sandbox:
//
//	c, err := spapi.New(sb.Config(), spapi.WithTransport(sb.Transport()))
func (s *Server) Config() spapi.Config {
	return spapi.Config{
		Endpoint:     s.URL,
		TokenURL:     s.URL + TokenPath,
		ClientID:     SandboxClientID,
		ClientSecret: spapi.Secret(SandboxClientSecret),
		RefreshToken: spapi.Secret(SandboxRefreshToken),
	}
}

// Client returns an *http.Client that sends every request to the sandbox
// (see [Server.Transport]). Give it to a generated client directly, e.g.
// ordersv0.NewWithServer(sb.URL, ordersv0.WithHTTPClient(sb.Client())).
func (s *Server) Client() *http.Client { return &http.Client{Transport: s.Transport()} }

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == InspectPath && r.Header.Get(forwardedHost) == "" {
		s.serveInspect(w, r)
		return
	}
	reqID := fmt.Sprintf("sandbox-%08d", s.seq.Add(1))
	w.Header().Set("x-amzn-RequestId", reqID)
	sw := &statusWriter{ResponseWriter: w}
	ex := Exchange{Method: r.Method, Path: r.URL.Path, Query: spapi.RedactQuery(r.URL.Query()),
		Header: redactedHeader(r.Header), Time: s.clock.Now(), arrival: s.arrivals.Add(1)}
	// The exchange is journaled as the status goes out (or the connection
	// is reset), before the client can see it: a test reading the journal
	// after its call returns finds the call there.
	var once sync.Once
	sw.commit = func() {
		once.Do(func() {
			ex.Status, ex.Case = sw.status, sw.Header().Get(CaseHeader)
			s.record(ex)
		})
	}
	defer sw.commit()
	w = sw
	if host := r.Header.Get(forwardedHost); host != "" {
		if !isSPAPIHost(host) && !(isLWAHost(host) && r.URL.Path == TokenPath) {
			s.serveDocument(w, r, r.Header.Get(forwardedProto)+"://"+host+r.URL.Path, &ex)
			return
		}
	}
	switch {
	case r.URL.Path == TokenPath:
		s.serveToken(w, r, &ex)
		return
	case strings.HasPrefix(r.URL.Path, UploadsPath):
		s.serveDocument(w, r, "https://"+UploadsHost+r.URL.Path, &ex)
		return
	}
	s.serveOperation(w, r, &ex)
}

// serveOperation answers an SP-API operation and fills in ex.
func (s *Server) serveOperation(w http.ResponseWriter, r *http.Request, ex *Exchange) {
	op, vars, pathKnown := s.router.find(r.Method, r.URL.EscapedPath())
	var own *builtin
	if op == nil {
		own, vars = s.findBuiltin(r.Method, r.URL.EscapedPath())
	}
	if op == nil && own == nil {
		status, msg := http.StatusNotFound, fmt.Sprintf("no operation of the sandbox's models serves %s", r.URL.Path)
		if pathKnown {
			status, msg = http.StatusMethodNotAllowed, fmt.Sprintf("%s is not allowed on %s", r.Method, r.URL.Path)
		}
		s.log(r, nil, status, msg)
		writeJSON(w, status, "application/json", errorBody(nil, status, CodeNotFound, msg, ""))
		return
	}
	ex.Operation = opID(op, own)
	token := r.Header.Get("x-amz-access-token")
	g, known := s.grantOf(token)
	switch {
	case s.cfg.requireAuth && !known:
		s.unauthorized(w, r, op, "no access token issued by the sandbox", detailsInvalidToken)
		return
	case known && g.expiredAt(s.clock.Now()):
		s.unauthorized(w, r, op, "the access token has expired", detailsExpiredToken)
		return
	}
	ex.Seller = g.seller
	spec, fault := s.faults.draw(ex.Operation)
	s.delay(r, spec)
	if fault == FaultResetBeforeRead {
		ex.Fault = fault
		s.reset(w, r, "injected fault "+fault)
		return
	}
	if s.checkPlan(w, r, op, ex) {
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	ex.Body = body
	if err != nil {
		s.fail(w, r, op, http.StatusBadRequest, "reading the request body: "+err.Error())
		return
	}
	ex.Fault = fault
	switch fault {
	case FaultResetAfterRead:
		s.reset(w, r, "injected fault "+fault)
		return
	case FaultThrottle:
		s.throttle(w, r, op, "injected fault "+fault)
		return
	case FaultInternalError, FaultUnavailable:
		s.serverFault(w, r, op, fault)
		return
	case FaultExpiredToken:
		s.expire(token)
		s.unauthorized(w, r, op, "injected fault "+fault, detailsExpiredToken)
		return
	}
	in := &incoming{path: vars, query: r.URL.Query(), header: r.Header}
	if len(bytes.TrimSpace(body)) > 0 {
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		if err := dec.Decode(&in.body); err != nil {
			s.fail(w, r, op, http.StatusBadRequest, "the request body is not valid JSON: "+err.Error())
			return
		}
		in.hasBody = true
	}
	call := &Call{Operation: ex.Operation, Op: op, PathParams: vars, Query: in.query, Header: r.Header, Body: in.body, Request: r, s: s}
	if own != nil {
		if !s.respond(w, call, own) {
			s.fail(w, r, nil, http.StatusBadRequest, own.id+" declined the request")
		}
		return
	}
	// Every request is checked against the operation before any case, as
	// SP-API does. An invalid request is answered only by a case that shows
	// how the service refuses it (see IsRejection); otherwise it gets 400 naming
	// the parameter or body pointer.
	invalid := s.validate(r, op, vars, body)
	eligible := func(c *Case) bool { return invalid == nil || IsRejection(c.Status) }
	c, dflt, closest, miss := selectCase(op, in, r.Header.Get(CaseHeader), s.store.uploaded, eligible)
	if invalid != nil && c == nil {
		s.fail(w, r, op, http.StatusBadRequest, validationMessage(invalid))
		return
	}
	if invalid == nil && s.answerFlow(w, call, c) {
		return
	}
	// A case that names no value (Amazon's catch-all answers) does not
	// shadow the user's responders; one naming a value, or picked with
	// CaseHeader, does.
	if (c == nil || (!namesValue(c) && r.Header.Get(CaseHeader) != c.ID())) && s.respond(w, call, nil) {
		return
	}
	if c != nil {
		if dflt != nil {
			w.Header().Set(DefaultCaseHeader, dflt.ID())
		}
		s.writeCase(w, r, c)
		return
	}
	status, msg := http.StatusBadRequest, fmt.Sprintf("%s has no sandbox cases", op.ID)
	if closest != nil {
		msg = fmt.Sprintf("no sandbox case of %s matches: %s (closest case: %d #%d)", op.ID, miss, closest.Status, closest.Index)
		if p := op.param(strings.SplitN(miss.param, ".", 2)[0]); p != nil && p.in == inPath && op.Spec.Responses.Status(http.StatusNotFound) != nil {
			status = http.StatusNotFound
		}
	}
	s.fail(w, r, op, status, msg)
}

func opID(op *Operation, b *builtin) string {
	if op != nil {
		return op.ID
	}
	return b.id
}

// fail answers with an error in the operation's error shape.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, op *Operation, status int, msg string) {
	code := CodeInvalidInput
	if status == http.StatusNotFound {
		code = CodeNotFound
	}
	s.log(r, op, status, msg)
	writeJSON(w, status, errorContentType(op, status), errorBody(op, status, code, msg, ""))
}

func (s *Server) writeCase(w http.ResponseWriter, r *http.Request, c *Case) {
	for k, v := range c.Headers {
		w.Header().Set(k, v)
	}
	w.Header().Set(CaseHeader, c.ID())
	s.log(r, c.op, c.Status, "case "+c.ID())
	if c.op.ID == "createRestrictedDataToken" && c.Status < 300 {
		var tok struct {
			RestrictedDataToken string `json:"restrictedDataToken"`
		}
		if json.Unmarshal(c.Response, &tok) == nil && tok.RestrictedDataToken != "" {
			s.issue(tok.RestrictedDataToken, s.sellerOf(r))
		}
	}
	if c.Response == nil || c.Status == http.StatusNoContent {
		w.WriteHeader(c.Status)
		return
	}
	ct := c.op.responseContentType(c.Status)
	if ct == "" {
		ct = "application/json"
	}
	w.Header().Set("Content-Type", ct)
	w.WriteHeader(c.Status)
	_, _ = w.Write(c.Response)
}

func (s *Server) log(r *http.Request, op *Operation, status int, msg string) {
	attrs := []any{"method", r.Method, "path", r.URL.Path, "status", status}
	if op != nil {
		attrs = append(attrs, "operation", op.ID)
	}
	s.cfg.logger.Info("sandbox: "+msg, attrs...)
}

func writeJSON(w http.ResponseWriter, status int, contentType string, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

var errNoURL = errors.New("spapitest: the sandbox is not started (no URL)")
