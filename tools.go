//go:build tools

// Package tools pins the libraries spgen's runtime and sandbox are built
// on, so that `go mod tidy` keeps them at the versions recorded in go.mod.
// The generator's libraries are pinned by its own modules (cmd/gen and the
// generator packages under internal/).
package tools

import (
	_ "github.com/getkin/kin-openapi/openapi2conv"
	_ "github.com/getkin/kin-openapi/openapi3filter"
	_ "github.com/oapi-codegen/runtime"
	_ "github.com/redis/go-redis/v9"
	_ "github.com/santhosh-tekuri/jsonschema/v5"
	_ "golang.org/x/oauth2"
	_ "golang.org/x/sync/errgroup"
	_ "golang.org/x/time/rate"
)
