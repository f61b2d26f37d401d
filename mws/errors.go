package mws

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
)

// Error is an MWS error response: the HTTP status and the <ErrorResponse>
// body's Type, Code and Message.
type Error struct {
	Action     string
	StatusCode int
	Type       string // Sender or Receiver
	Code       string // RequestThrottled, InvalidParameterValue, AccessDenied, ...
	Message    string
	RequestID  string
}

// Error formats e; it names the action, never a credential.
func (e *Error) Error() string {
	return fmt.Sprintf("mws: %s: %d %s: %s (RequestId %s)", e.Action, e.StatusCode, e.Code, e.Message, e.RequestID)
}

// Throttled reports whether Amazon refused the request for its quota.
func (e *Error) Throttled() bool {
	return e.Code == "RequestThrottled" || (e.StatusCode == http.StatusServiceUnavailable && e.Code == "")
}

// errorResponse is the documented error body.
type errorResponse struct {
	Error struct {
		Type    string `xml:"Type"`
		Code    string `xml:"Code"`
		Message string `xml:"Message"`
	} `xml:"Error"`
	RequestID string `xml:"RequestID"`
	RequestId string `xml:"RequestId"`
}

// readError turns a non-2xx response into an *Error (the body read up to
// limit bytes) and closes the body.
func readError(action string, resp *http.Response, limit int64) *Error {
	defer resp.Body.Close()
	e := &Error{Action: action, StatusCode: resp.StatusCode}
	var er errorResponse
	if err := xml.NewDecoder(io.LimitReader(resp.Body, limit)).Decode(&er); err == nil {
		e.Type, e.Code, e.Message = er.Error.Type, er.Error.Code, er.Error.Message
		e.RequestID = er.RequestID + er.RequestId
	}
	if e.Code == "" {
		e.Message = http.StatusText(resp.StatusCode)
	}
	return e
}
