package spapitest

// Grants is how many issued tokens the sandbox holds (for tests of its
// bounds).
func (s *Server) Grants() int {
	s.tokensMu.Lock()
	defer s.tokensMu.Unlock()
	return len(s.tokens)
}
