package spapitest

// Reports and feeds move through the same processing states, one per
// poll (getReport, getFeed), never with the wall clock.

// Progress sets how many polls (getReport, getFeed) a report or feed
// spends in each of IN_QUEUE and IN_PROGRESS before it is DONE (or
// FATAL): by default 1, so the first poll sees IN_QUEUE, the second
// IN_PROGRESS and the third DONE. With 0 a report or feed is finished when
// created (and its notification sent then). States never change with the
// wall clock.
func Progress(polls int) Option {
	return func(c *config) { n := max(polls, 0); c.flow.polls = &n }
}

// pollsPerState is the configured [Progress], 1 by default.
func (c *flowConfig) pollsPerState() int {
	if c.polls == nil {
		return 1
	}
	return *c.polls
}

// progress is the processing state machine reports and feeds share: it
// is IN_QUEUE, then IN_PROGRESS, then done, advancing every perState
// polls.
type progress struct {
	perState int
	polls    int
	// final is the state after IN_PROGRESS: DONE or FATAL.
	final string
	// cancelled is set by a cancel while IN_QUEUE.
	cancelled bool
}

// Processing statuses of reports and feeds.
const (
	statusInQueue    = "IN_QUEUE"
	statusInProgress = "IN_PROGRESS"
	statusDone       = "DONE"
	statusFatal      = "FATAL"
	statusCancelled  = "CANCELLED"
)

// status is the state after p.polls polls.
func (p *progress) status() string {
	switch {
	case p.cancelled:
		return statusCancelled
	case p.polls < p.perState:
		return statusInQueue
	case p.polls < 2*p.perState:
		return statusInProgress
	}
	return p.final
}

// poll counts a poll and reports the state it sees and whether the flow
// finished with it (its notification is then due: the next poll sees the
// end state).
func (p *progress) poll() (status string, finishedNow bool) {
	before := p.status()
	if !p.finished() {
		p.polls++
	}
	// The poll sees the state before it advanced.
	return before, p.finished() && !isFinal(before)
}

func (p *progress) finished() bool { return isFinal(p.status()) }

func isFinal(status string) bool {
	return status == statusDone || status == statusFatal || status == statusCancelled
}
