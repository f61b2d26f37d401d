package spapigen

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"

	"github.com/spgen/spgen/internal/diag"
	"github.com/spgen/spgen/internal/emit"
)

// Parallel generation runs in worker processes: oapi-codegen keeps its
// configuration in package-level variables, so two models cannot be
// generated at once in one process. A worker is the running executable
// started again with workerEnv set; it reads one JSON request per line on
// stdin and answers one JSON line on stdout.
//
// Every program that calls Run with Jobs > 1 must call ServeWorker first
// thing in main (cmd/gen does; tests do it in TestMain).
const workerEnv = "SPGEN_SPAPI_WORKER"

type workerRequest struct {
	Model Model `json:"model"`
}

type workerResponse struct {
	Files  emit.Files  `json:"files,omitempty"`
	Report *Report     `json:"report,omitempty"`
	Err    *diag.Error `json:"err,omitempty"`
	Text   string      `json:"text,omitempty"` // an error that is not a *diag.Error
}

// ServeWorker turns the process into a generation worker when it was started
// as one, and never returns in that case. Otherwise it returns at once.
func ServeWorker() {
	if os.Getenv(workerEnv) != "1" {
		return
	}
	os.Exit(serve(os.Stdin, os.Stdout))
}

func serve(in io.Reader, out io.Writer) int {
	dec := json.NewDecoder(bufio.NewReaderSize(in, 1<<20))
	enc := json.NewEncoder(out)
	for {
		var req workerRequest
		if err := dec.Decode(&req); err != nil {
			if errors.Is(err, io.EOF) {
				return 0
			}
			fmt.Fprintf(os.Stderr, "spgen worker: %v\n", err)
			return 2
		}
		files, rep, err := GenerateModel(req.Model)
		resp := workerResponse{Files: files, Report: rep}
		if err != nil {
			resp.Files = nil
			var de *diag.Error
			if errors.As(err, &de) {
				flat := *de
				if de.Err != nil {
					flat.Err = nil
					flat.Msg = de.Msg + ": " + de.Err.Error()
				}
				resp.Err = &flat
			} else {
				resp.Text = err.Error()
			}
		}
		if err := enc.Encode(resp); err != nil {
			return 2
		}
	}
}

var errWorkerDied = errors.New("spapigen: worker process failed")

type worker struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	enc *json.Encoder
	dec *json.Decoder
}

func startWorker(ctx context.Context) (*worker, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, exe)
	cmd.Env = append(os.Environ(), workerEnv+"=1")
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return &worker{cmd: cmd, in: in, enc: json.NewEncoder(in), dec: json.NewDecoder(bufio.NewReaderSize(out, 1<<20))}, nil
}

func (w *worker) generate(m *Model) (emit.Files, *Report, error) {
	if err := w.enc.Encode(workerRequest{Model: *m}); err != nil {
		return nil, nil, fmt.Errorf("%w: %v", errWorkerDied, err)
	}
	var resp workerResponse
	if err := w.dec.Decode(&resp); err != nil {
		return nil, nil, fmt.Errorf("%w while generating %s: %v", errWorkerDied, m.Rel, err)
	}
	switch {
	case resp.Err != nil:
		return nil, resp.Report, resp.Err
	case resp.Text != "":
		return nil, resp.Report, errors.New(resp.Text)
	}
	return resp.Files, resp.Report, nil
}

func (w *worker) close() {
	w.in.Close()
	w.cmd.Wait()
}
