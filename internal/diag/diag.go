// Package diag defines the error type every spgen generator reports bad input
// with: the file, a location inside it (JSON pointer, line:column or XSD
// element path) and what is wrong.
//
// It touches nothing but its arguments; generators wrap their failures in
// *Error so that the CLI prints one consistent line and tests can use
// errors.As to check where a failure was located.
package diag

import (
	"errors"
	"fmt"
	"strings"
)

// Error is a failure tied to a place in an input file.
type Error struct {
	// File is the input file's path as given to the generator.
	File string
	// Pointer is a JSON pointer (RFC 6901) into File, when known.
	Pointer string
	// Line and Column are 1-based positions in File, when known (0 = unknown).
	Line, Column int
	// Path is a structural location that is neither a pointer nor a
	// position, e.g. an XSD element path such as "OrderFulfillment/FulfillmentData".
	Path string
	// Msg says what is wrong.
	Msg string
	// Err is the underlying cause, if any.
	Err error
}

// Error formats as "file:line:col: pointer: msg: cause", leaving out the
// parts that are unknown.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ":%d", e.Column)
		}
	}
	if e.Pointer != "" {
		fmt.Fprintf(&b, ": at %s", e.Pointer)
	}
	if e.Path != "" {
		fmt.Fprintf(&b, ": in %s", e.Path)
	}
	if e.Msg != "" {
		b.WriteString(": ")
		b.WriteString(e.Msg)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// At returns an *Error for file at JSON pointer ptr.
func At(file, ptr string, format string, args ...any) *Error {
	return &Error{File: file, Pointer: ptr, Msg: fmt.Sprintf(format, args...)}
}

// Wrap returns an *Error for file that wraps err. When err already is an
// *Error for some file, it is returned unchanged.
func Wrap(file string, err error, msg string) error {
	if err == nil {
		return nil
	}
	var de *Error
	if errors.As(err, &de) && de.File != "" {
		return err
	}
	return &Error{File: file, Msg: msg, Err: err}
}

// JSONPointer joins reference tokens into a JSON pointer, escaping '~' and
// '/' as RFC 6901 requires.
func JSONPointer(tokens ...string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		t = strings.ReplaceAll(t, "~", "~0")
		b.WriteString(strings.ReplaceAll(t, "/", "~1"))
	}
	return b.String()
}

// LineCol converts a byte offset in data to a 1-based line and column
// (column counted in bytes, as Go's own tools do).
func LineCol(data []byte, offset int64) (line, col int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	line, col = 1, 1
	for _, c := range data[:offset] {
		if c == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}
