package spapitest

import "time"

// now is the sandbox's time for the timestamps flows and notifications
// carry (createdTime, processingEndTime, eventTime, LastUpdateDate) and
// the presigned URLs' X-Amz-Date: the one place the sandbox reads the
// clock.
func (s *Server) now() time.Time { return time.Now().UTC() }
