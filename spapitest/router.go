package spapitest

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// route is an operation's path template split into segments. A segment
// "{name}" matches one non-empty path segment; a greedy parameter
// (x-amazon-spds-greedy-path-parameter) in the last position matches the
// rest of the path, slashes included.
type route struct {
	op       *Operation
	segments []string // literal text, or "" for a parameter
	names    []string // parameter name per segment ("" for literals)
	greedy   bool     // the last segment is a greedy parameter
}

// router finds the operation of a request among every served model.
type router struct {
	routes []*route
}

func newRouter(ms []*Model) (*router, error) {
	r := &router{}
	seen := map[string]*Operation{}
	for _, m := range ms {
		for _, op := range m.Operations {
			rt := &route{op: op}
			for i, seg := range strings.Split(strings.TrimPrefix(op.Path, "/"), "/") {
				if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
					name := seg[1 : len(seg)-1]
					rt.segments = append(rt.segments, "")
					rt.names = append(rt.names, name)
					if p := op.param(name); p != nil && p.greedy && i == strings.Count(op.Path, "/")-1 {
						rt.greedy = true
					}
					continue
				}
				rt.segments = append(rt.segments, seg)
				rt.names = append(rt.names, "")
			}
			key := op.Method + " " + rt.shape()
			if prev, ok := seen[key]; ok {
				return nil, fmt.Errorf("spapitest: %s %s of %s and %s %s of %s are the same route",
					op.Method, op.Path, op.model.File, prev.Method, prev.Path, prev.model.File)
			}
			seen[key] = op
			op.route = rt
			r.routes = append(r.routes, rt)
		}
	}
	// Literal segments win over parameters, left to right; a greedy route
	// comes after every route of the same prefix.
	sort.SliceStable(r.routes, func(i, j int) bool { return r.routes[i].less(r.routes[j]) })
	return r, nil
}

func (rt *route) shape() string {
	var b strings.Builder
	for _, s := range rt.segments {
		b.WriteString("/")
		if s == "" {
			b.WriteString("{}")
		} else {
			b.WriteString(s)
		}
	}
	return b.String()
}

func (rt *route) less(o *route) bool {
	if rt.greedy != o.greedy {
		return !rt.greedy
	}
	for k := 0; k < len(rt.segments) && k < len(o.segments); k++ {
		a, b := rt.segments[k] != "", o.segments[k] != ""
		if a != b {
			return a
		}
	}
	return len(rt.segments) > len(o.segments)
}

// match reports whether the escaped request path matches the route and
// returns the decoded path parameters.
func (rt *route) match(escapedPath string) (map[string]string, bool) {
	parts := strings.Split(strings.TrimPrefix(escapedPath, "/"), "/")
	if len(parts) < len(rt.segments) || (!rt.greedy && len(parts) != len(rt.segments)) {
		return nil, false
	}
	vars := map[string]string{}
	for i, seg := range rt.segments {
		part := parts[i]
		if rt.greedy && i == len(rt.segments)-1 {
			part = strings.Join(parts[i:], "/")
		}
		dec, err := url.PathUnescape(part)
		if err != nil {
			return nil, false
		}
		if seg != "" {
			if dec != seg {
				return nil, false
			}
			continue
		}
		// An empty parameter still routes (".../items/" reaches
		// getCatalogItem with asin ""): cases use it for bad requests.
		vars[rt.names[i]] = dec
	}
	return vars, true
}

// find returns the operation for method and path, the path parameters,
// and whether the path exists under another method.
func (r *router) find(method, escapedPath string) (*Operation, map[string]string, bool) {
	pathKnown := false
	for _, rt := range r.routes {
		vars, ok := rt.match(escapedPath)
		if !ok {
			continue
		}
		if rt.op.Method == method {
			return rt.op, vars, true
		}
		pathKnown = true
	}
	return nil, nil, pathKnown
}
