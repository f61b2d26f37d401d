module github.com/spgen/spgen/internal/messaginggen

go 1.26.8

require (
	github.com/dave/jennifer v1.7.1
	github.com/santhosh-tekuri/jsonschema/v5 v5.3.1
	github.com/spgen/spgen v0.0.0-00010101000000-000000000000
)

