// Package spapi is the runtime every spgen-generated Selling Partner API
// client uses: Login with Amazon auth, Restricted Data Tokens, per-operation
// rate limits, safe retries, regions, typed errors, pagination and the
// document and upload flows.
//
// Generated packages depend on this package for the value types the models
// need ([DateTime], [Base64], [Extra]), the per-operation metadata
// ([Operation]) that each generated request carries in its context, and
// the typed methods' calls ([CallOption], [Decode], [EncodeJSON]).
// Everything else here is opt-in and plugs into a generated client through
// the Client its New takes (see [New]):
//
//	c, err := spapi.New(spapi.Config{
//		Region:       spapi.Europe,
//		ClientID:     os.Getenv("LWA_CLIENT_ID"),
//		ClientSecret: spapi.Secret(os.Getenv("LWA_CLIENT_SECRET")),
//		RefreshToken: spapi.Secret(os.Getenv("LWA_REFRESH_TOKEN")),
//	})
//	orders, err := ordersv0.New(c)
//
// A request then passes through, outermost first:
//
//   - logging to log/slog ([WithLogger]), one record per request with the
//     operation, redacted URL, status, duration, x-amzn-RequestId and rate
//     limit; never headers or bodies, and every record passes through
//     [RedactingHandler];
//   - [StepCall] middleware ([WithMiddleware]; the otelspapi package traces
//     here);
//   - the call timeout ([DefaultCallTimeout], [WithTimeouts]), up to the
//     response headers;
//   - quota windows ([QuotaWindow], [DefaultQuotaWindows]): a call beyond a
//     per-report-type hourly or daily window fails at once with a
//     *[QuotaError];
//   - retries ([Retryer], default [StandardRetryer]): 429, 5xx and transport
//     errors with capped exponential backoff and jitter, within a
//     [RetryBudget] shared by the client. A request that is not idempotent
//     is re-sent only when the server cannot have acted on it
//     ([Attempt.Safe]), whatever the Retryer says;
//   - [StepAttempt] middleware;
//   - authentication: the LWA access token ([LWA], cached, refreshed 60 s
//     before expiry, one fetch for any number of concurrent callers, one
//     refresh and retry on a rejected token), or for operations marked
//     Restricted a Restricted Data Token from createRestrictedDataToken,
//     cached per (path, data elements) for its lifetime — the path
//     template, or the request's own path for operations marked
//     SpecificPath. With [WithTokenCache] tokens are shared by every
//     process using the cache (one fetch per lifetime fleet-wide),
//     encrypted at rest;
//   - rate limiting ([Limiter], default [LocalLimiter]; redislimit for a
//     fleet): a token bucket per (selling partner, region, operation)
//     seeded from the operation's usage plan and adapted to
//     x-amzn-RateLimit-Limit. Callers wait for their token, honouring
//     their context;
//   - [StepSend] middleware, then the attempt timeout
//     ([DefaultAttemptTimeout]) and the transport.
//
// The backoff, the default limiter's buckets and waits, token expiry and
// the quota windows read one [Clock] (default [RealClock]); [WithClock]
// puts them on another, e.g. spapitest's virtual clock shared with its
// sandbox, so a test of a 1-per-minute operation waits no wall time.
//
// [NewFleet] serves many selling partners through one such stack, with a
// cheap Client per seller ([Fleet.Seller]) whose refresh token comes from
// a [CredentialsProvider]. The subpackage authorization runs the website
// authorisation workflow that fills a [CredentialsStore]; redisstore
// keeps tokens, OAuth states and quota windows in Redis.
//
// Requests without operation metadata (presigned document URLs) skip the
// rate limiter and, unless they go to the SP-API endpoint, authentication:
// a token is never sent to another host.
//
// The package touches nothing but the network through the transport it is
// given (the SP-API endpoint, the LWA token endpoint, and whatever URLs
// callers request through its client) and the caches, limiters, counters
// and credential stores the caller configures; it writes no files and
// reads no environment.
//
// A generated typed method returns the success body, decoded by [Decode]:
// a member of the wrong scalar kind that converts without loss is
// converted, a member the model lacks is kept in its struct's [Extra]
// field (and sent again by [EncodeJSON]), and each is reported in
// [ResponseMetadata].Mismatches and logged once. Any non-2xx answer is an
// *[Error] (status, request ID, the errors[] array, rate limit) for
// errors.As and [IsThrottled], [IsNotFound], [IsAuth], [IsRetryable];
// [Check] does the same for a raw *http.Response. A token endpoint that
// cannot be reached is a *[NetworkError] ([IsNetwork]), never an auth
// failure. The subpackage documents runs the Feeds, Reports and Uploads
// workflows.
package spapi
