package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel/trace"
)

type requestKey struct{}

// requestInfo is what the request's log line says beyond HTTP: its id, and
// the GraphQL operation's name once gqlgen has read it.
type requestInfo struct {
	id        string
	operation atomic.Pointer[string]
}

// RequestID is the id of the request ctx belongs to: the client's
// X-Request-Id when it sent a short, plain one, else a new one.
func RequestID(ctx context.Context) string {
	if info, _ := ctx.Value(requestKey{}).(*requestInfo); info != nil {
		return info.id
	}
	return ""
}

// noteOperation records the operation's name for the request's log line
// (at most 100 bytes of it).
func noteOperation(ctx context.Context, name string) {
	if info, _ := ctx.Value(requestKey{}).(*requestInfo); info != nil && name != "" {
		if len(name) > 100 {
			name = name[:100]
		}
		info.operation.Store(&name)
	}
}

func newRequestID(given string) string {
	if n := len(given); n > 0 && n <= 64 {
		ok := true
		for _, c := range given {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
				ok = false
				break
			}
		}
		if ok {
			return given
		}
	}
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// statusWriter remembers the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logRequests gives every request an id (echoed in X-Request-Id) and logs
// one line when it ends.
func logRequests(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		start := time.Now()
		id := newRequestID(req.Header.Get("X-Request-Id"))
		w.Header().Set("X-Request-Id", id)
		sw := &statusWriter{ResponseWriter: w}
		info := &requestInfo{id: id}
		next.ServeHTTP(sw, req.WithContext(context.WithValue(req.Context(), requestKey{}, info)))
		attrs := []slog.Attr{slog.String("method", req.Method), slog.String("path", req.URL.Path),
			slog.Int("status", sw.status), slog.Int("bytes", sw.bytes),
			slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000),
			slog.String("request_id", id)}
		if op := info.operation.Load(); op != nil {
			attrs = append(attrs, slog.String("operation", *op))
		}
		if sc := trace.SpanContextFromContext(req.Context()); sc.IsValid() {
			// With tracing on, the line names the request's trace.
			attrs = append(attrs, slog.String("trace_id", sc.TraceID().String()))
		}
		logger.LogAttrs(req.Context(), slog.LevelInfo, "request", attrs...)
	})
}
