package spapimodel

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spgen/spgen/internal/diag"
	"github.com/spgen/spgen/models"
)

// BlameOverlay makes an error that arose in a model an overlay patched name
// the patch: the one whose part of the model holds the error's JSON pointer
// or whose path or schema the error's text names, or else every patch
// applied. Errors in models no overlay patched are returned unchanged.
func BlameOverlay(file string, err error, applied *models.Applied) error {
	if err == nil || applied == nil || len(applied.Patches) == 0 {
		return err
	}
	var suspects []string
	var de *diag.Error
	hasPointer := errors.As(err, &de) && de.Pointer != ""
	for _, p := range applied.Patches {
		for _, t := range p.Touches {
			if (hasPointer && (de.Pointer == t || strings.HasPrefix(de.Pointer, t+"/"))) ||
				(!hasPointer && strings.Contains(err.Error(), lastToken(t))) {
				suspects = append(suspects, p.Describe(applied.Overlay))
				break
			}
		}
	}
	note := ""
	if len(suspects) > 0 {
		note = "the failing part was patched by " + strings.Join(suspects, "; ")
	} else {
		note = fmt.Sprintf("the model was patched by models/%s (%d patches)", applied.Overlay, len(applied.Patches))
	}
	note += "; -no-overlays generates without overlays"
	if d, ok := err.(*diag.Error); ok && d.File == file {
		out := *d
		if out.Msg != "" {
			out.Msg += " (" + note + ")"
		} else {
			out.Msg = note
		}
		return &out
	}
	return &diag.Error{File: file, Msg: note, Err: err}
}

// lastToken is a pointer's last reference token, unescaped: the path or
// schema name a patch touches.
func lastToken(ptr string) string {
	tok := ptr[strings.LastIndex(ptr, "/")+1:]
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
}
