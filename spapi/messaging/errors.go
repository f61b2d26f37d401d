package messaging

import (
	"errors"
	"strings"
)

// ErrNotOffered is matched (errors.Is) by a *NotOfferedError.
var ErrNotOffered = errors.New("messaging: action not offered for this order")

// NotOfferedError reports that getMessagingActionsForOrder does not list
// the action for the order, so Send refused it before sending anything.
type NotOfferedError struct {
	OrderID string
	Action  string
	// Offered lists the actions that are offered.
	Offered []string
}

func (e *NotOfferedError) Error() string {
	return "messaging: action " + e.Action + " is not offered for order " + e.OrderID + " (offered: " + strings.Join(e.Offered, ", ") + ")"
}

// Is makes errors.Is(err, ErrNotOffered) true.
func (e *NotOfferedError) Is(target error) bool { return target == ErrNotOffered }

// ErrAttachmentRejected is matched (errors.Is) by an *AttachmentError.
var ErrAttachmentRejected = errors.New("messaging: attachment rejected")

// AttachmentError reports an attachment that breaks the attachment policy
// (file type, total size) or cannot be read. Send checks all attachments
// before uploading any.
type AttachmentError struct {
	// Index is the attachment's position, -1 when the error concerns all
	// of them (the total size).
	Index    int
	FileName string
	Reason   string
	Err      error
}

func (e *AttachmentError) Error() string {
	s := "messaging: attachment"
	if e.FileName != "" {
		s += " " + e.FileName
	}
	s += ": " + e.Reason
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the underlying cause.
func (e *AttachmentError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrAttachmentRejected) true.
func (e *AttachmentError) Is(target error) bool { return target == ErrAttachmentRejected }
