package otelspapi_test

import (
	"log"
	"os"

	"github.com/spgen/spgen/spapi"
	"github.com/spgen/spgen/spapi/otelspapi"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// Tracing every SP-API call: add the middleware with its Option. Without
// WithTracerProvider / WithMeterProvider it uses otel's global providers.
func ExampleOption() {
	tp := sdktrace.NewTracerProvider() // with your exporter
	c, err := spapi.New(spapi.Config{
		Region:       spapi.NorthAmerica,
		ClientID:     os.Getenv("LWA_CLIENT_ID"),
		ClientSecret: spapi.Secret(os.Getenv("LWA_CLIENT_SECRET")),
		RefreshToken: spapi.Secret(os.Getenv("LWA_REFRESH_TOKEN")),
	}, otelspapi.Option(otelspapi.WithTracerProvider(tp)))
	if err != nil {
		log.Fatal(err)
	}
	_ = c.HTTPClient() // hand it to a generated client
}
