package messaginggen

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// locate returns the byte offset in data of the value that the JSON pointer
// ptr names, so that errors found in the decoded document can also be given
// as line:column. For an object with duplicate member names it finds the
// last one, as encoding/json keeps the last. ok is false when data is not
// JSON or ptr names nothing.
func locate(data []byte, ptr string) (offset int, ok bool) {
	var toks []string
	if ptr != "" {
		if ptr[0] != '/' {
			return 0, false
		}
		for _, t := range strings.Split(ptr[1:], "/") {
			toks = append(toks, strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~"))
		}
	}
	pos := skipWS(data, 0)
	for _, tok := range toks {
		if pos >= len(data) {
			return 0, false
		}
		switch data[pos] {
		case '{':
			found := -1
			pos = skipWS(data, pos+1)
			for pos < len(data) && data[pos] != '}' {
				end, ok := valueEnd(data, pos)
				if !ok {
					return 0, false
				}
				var key string
				if json.Unmarshal(data[pos:end], &key) != nil {
					return 0, false
				}
				pos = skipWS(data, end)
				if pos >= len(data) || data[pos] != ':' {
					return 0, false
				}
				pos = skipWS(data, pos+1)
				if key == tok {
					found = pos
				}
				end, ok = valueEnd(data, pos)
				if !ok {
					return 0, false
				}
				pos = skipWS(data, end)
				if pos < len(data) && data[pos] == ',' {
					pos = skipWS(data, pos+1)
				}
			}
			if found < 0 {
				return 0, false
			}
			pos = found
		case '[':
			want, err := strconv.Atoi(tok)
			if err != nil || want < 0 {
				return 0, false
			}
			pos = skipWS(data, pos+1)
			for i := 0; ; i++ {
				if pos >= len(data) || data[pos] == ']' {
					return 0, false
				}
				if i == want {
					break
				}
				end, ok := valueEnd(data, pos)
				if !ok {
					return 0, false
				}
				pos = skipWS(data, end)
				if pos < len(data) && data[pos] == ',' {
					pos = skipWS(data, pos+1)
				}
			}
		default:
			return 0, false
		}
	}
	return pos, pos <= len(data)
}

func skipWS(data []byte, pos int) int {
	for pos < len(data) {
		switch data[pos] {
		case ' ', '\t', '\r', '\n':
			pos++
		default:
			return pos
		}
	}
	return pos
}

// valueEnd returns the offset just after the JSON value starting at pos.
func valueEnd(data []byte, pos int) (int, bool) {
	dec := json.NewDecoder(bytes.NewReader(data[pos:]))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return 0, false
	}
	return pos + int(dec.InputOffset()), true
}
