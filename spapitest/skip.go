package spapitest

import (
	"encoding/json"
)

// Skip is a JSON file under the models directory that the sandbox does
// not serve because it is not a Swagger 2.0 model.
type Skip struct {
	// File is relative to the models directory.
	File string
	// Reason says what the file is instead.
	Reason string
}

// notSwagger says what a JSON file is when it is not a Swagger 2.0
// document ("" when it is one, or when it is not even a JSON object: the
// model loader reports broken JSON with its location).
func notSwagger(data []byte) string {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return ""
	}
	var version string
	if raw, ok := top["swagger"]; ok {
		if json.Unmarshal(raw, &version) == nil && version == "2.0" {
			return ""
		}
		return "a Swagger document of version " + string(raw) + " (the sandbox serves Swagger 2.0)"
	}
	switch {
	case top["openapi"] != nil:
		return "an OpenAPI 3 document (SP-API models are Swagger 2.0)"
	case top["$schema"] != nil || top["definitions"] != nil || top["properties"] != nil:
		return `a JSON Schema (no "swagger": "2.0")`
	}
	return `a JSON document without "swagger": "2.0"`
}

// Skipped returns the JSON files under the models directory the sandbox
// skipped because they are not Swagger 2.0 models; New also logs each at
// warn level.
func (s *Server) Skipped() []Skip { return append([]Skip(nil), s.skipped...) }
