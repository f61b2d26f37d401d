package spapitest

import "time"

// now is the sandbox's time for the timestamps flows and notifications
// carry (createdTime, processingEndTime, eventTime, LastUpdateDate) and
// the presigned URLs' X-Amz-Date, by the sandbox's [Clock] (so on a
// virtual clock the flows' times are virtual too).
func (s *Server) now() time.Time { return s.clock.Now().UTC() }
