// Package downstream holds the test that follows the README's recipe for
// using spgen in another module, literally: it creates a fresh module in a
// temporary directory, runs the README's commands and writes the README's
// files there, with a local module proxy serving this working tree as the
// published spgen. It touches nothing outside its temporary directories
// and the Go build and module caches.
package downstream
