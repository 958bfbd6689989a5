/*
 * udsload: an outside load generator for line-delimited JSON RPC servers on a Unix
 * domain socket, independent of the Java benchmark runner. It keeps a number of Go
 * dialect Echo requests in flight on each connection (a new request for every
 * response), checks that every response carries an id in flight and the message sent
 * with it, and prints requests per second and the median and 99th percentile round
 * trip.
 *
 * Build: cc -O2 -o udsload udsload.c -lpthread
 * Usage: udsload SOCKET CONNECTIONS IN_FLIGHT SECONDS [THREADS]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define WINDOW 4096
#define BUFFER (256 * 1024)
#define MAX_SAMPLES (1 << 24)

struct connection {
	int fd;
	uint64_t next_id;
	uint64_t sent_ids[WINDOW];
	uint64_t sent_at[WINDOW];
	int outstanding;
	char in[BUFFER];
	size_t in_length;
	char out[BUFFER];
	size_t out_length;
};

struct loop {
	struct connection *connections;
	int count;
	int in_flight;
	volatile int measuring;
	volatile int stopping;
	uint64_t measured;
	uint64_t *samples;
	size_t sample_count;
	const char *failure;
};

static uint64_t now_nanos(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t) ts.tv_sec * 1000000000u + (uint64_t) ts.tv_nsec;
}

/* The 64-byte message of a request: its id in decimal, then filler. */
static int payload(uint64_t id, char *out) {
	static const char filler[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefgh";
	int n = snprintf(out, 65, "%llu-", (unsigned long long) id);
	memcpy(out + n, filler, 64 - n);
	out[64] = '\0';
	return 64;
}

static void fill(struct connection *c, int count, uint64_t at) {
	char msg[65];
	for (int i = 0; i < count; i++) {
		uint64_t id = c->next_id++;
		c->sent_ids[id % WINDOW] = id;
		c->sent_at[id % WINDOW] = at;
		payload(id, msg);
		c->out_length += (size_t) snprintf(c->out + c->out_length, BUFFER - c->out_length,
				"{\"id\":%llu,\"method\":\"Echo\",\"params\":{\"msg\":\"%s\"}}\n", (unsigned long long) id, msg);
		c->outstanding++;
	}
}

static int flush_out(struct connection *c) {
	size_t offset = 0;
	while (offset < c->out_length) {
		ssize_t n = write(c->fd, c->out + offset, c->out_length - offset);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR) {
				continue;
			}
			return -1;
		}
		offset += (size_t) n;
	}
	c->out_length = 0;
	return 0;
}

/* Check the complete lines received; return the number of responses or -1. */
static int receive(struct loop *loop, struct connection *c, uint64_t at) {
	int completed = 0;
	size_t start = 0;
	char expected[65];
	for (size_t i = 0; i < c->in_length; i++) {
		if (c->in[i] != '\n') {
			continue;
		}
		char *line = c->in + start;
		size_t length = i - start;
		start = i + 1;
		if (length == 0 || strncmp(line, "{\"type\":", 8) == 0) {
			continue;
		}
		unsigned long long id;
		if (sscanf(line, "{\"id\":%llu,", &id) != 1 || id == 0 || c->sent_ids[id % WINDOW] != id) {
			loop->failure = "a response with an id not in flight";
			return -1;
		}
		payload(id, expected);
		/* the raw echo returns the request itself, a server its result */
		char *result = memmem(line, length, "\"msg\":\"", 7);
		if (result == NULL || memcmp(result + 7, expected, 64) != 0) {
			loop->failure = "a response without the message sent";
			return -1;
		}
		if (loop->measuring) {
			if (loop->sample_count < MAX_SAMPLES) {
				loop->samples[loop->sample_count++] = at - c->sent_at[id % WINDOW];
			}
			loop->measured++;
		}
		c->sent_ids[id % WINDOW] = 0;
		c->outstanding--;
		completed++;
	}
	memmove(c->in, c->in + start, c->in_length - start);
	c->in_length -= start;
	return completed;
}

static void *run_loop(void *argument) {
	struct loop *loop = argument;
	int epoll = epoll_create1(0);
	for (int i = 0; i < loop->count; i++) {
		struct epoll_event event = { .events = EPOLLIN, .data.ptr = &loop->connections[i] };
		epoll_ctl(epoll, EPOLL_CTL_ADD, loop->connections[i].fd, &event);
		fill(&loop->connections[i], loop->in_flight, now_nanos());
		if (flush_out(&loop->connections[i]) < 0) {
			loop->failure = "write failed";
			return NULL;
		}
	}
	struct epoll_event events[256];
	while (!loop->stopping) {
		int ready = epoll_wait(epoll, events, 256, 100);
		for (int e = 0; e < ready; e++) {
			struct connection *c = events[e].data.ptr;
			ssize_t n = read(c->fd, c->in + c->in_length, BUFFER - c->in_length);
			if (n <= 0) {
				loop->failure = "the server closed a connection";
				return NULL;
			}
			c->in_length += (size_t) n;
			uint64_t at = now_nanos();
			int completed = receive(loop, c, at);
			if (completed < 0) {
				return NULL;
			}
			if (completed > 0) {
				fill(c, completed, at);
				if (flush_out(c) < 0) {
					loop->failure = "write failed";
					return NULL;
				}
			}
		}
	}
	close(epoll);
	return NULL;
}

static int compare(const void *a, const void *b) {
	uint64_t x = *(const uint64_t *) a;
	uint64_t y = *(const uint64_t *) b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv) {
	if (argc < 5) {
		fprintf(stderr, "Usage: %s SOCKET CONNECTIONS IN_FLIGHT SECONDS [THREADS]\n", argv[0]);
		return 2;
	}
	int connections = atoi(argv[2]);
	int in_flight = atoi(argv[3]);
	double seconds = atof(argv[4]);
	int threads = (argc > 5) ? atoi(argv[5]) : 1;
	if (threads > connections) {
		threads = connections;
	}
	struct sockaddr_un address = { .sun_family = AF_UNIX };
	strncpy(address.sun_path, argv[1], sizeof(address.sun_path) - 1);
	struct connection *all = calloc((size_t) connections, sizeof(struct connection));
	for (int i = 0; i < connections; i++) {
		all[i].fd = socket(AF_UNIX, SOCK_STREAM, 0);
		all[i].next_id = 1;
		if (connect(all[i].fd, (struct sockaddr *) &address, sizeof(address)) < 0) {
			perror("connect");
			return 1;
		}
	}
	struct loop *loops = calloc((size_t) threads, sizeof(struct loop));
	pthread_t *ids = calloc((size_t) threads, sizeof(pthread_t));
	int per = connections / threads;
	for (int t = 0; t < threads; t++) {
		loops[t].connections = all + t * per;
		loops[t].count = (t == threads - 1) ? connections - t * per : per;
		loops[t].in_flight = in_flight;
		loops[t].samples = malloc(sizeof(uint64_t) * MAX_SAMPLES);
		pthread_create(&ids[t], NULL, run_loop, &loops[t]);
	}
	usleep(1000000);
	uint64_t start = now_nanos();
	for (int t = 0; t < threads; t++) {
		loops[t].measuring = 1;
	}
	usleep((useconds_t) (seconds * 1e6));
	for (int t = 0; t < threads; t++) {
		loops[t].measuring = 0;
	}
	uint64_t end = now_nanos();
	uint64_t measured = 0;
	size_t samples = 0;
	for (int t = 0; t < threads; t++) {
		loops[t].stopping = 1;
		pthread_join(ids[t], NULL);
		if (loops[t].failure != NULL) {
			fprintf(stderr, "udsload: %s\n", loops[t].failure);
			return 1;
		}
		measured += loops[t].measured;
		samples += loops[t].sample_count;
	}
	uint64_t *all_samples = malloc(sizeof(uint64_t) * (samples + 1));
	size_t k = 0;
	for (int t = 0; t < threads; t++) {
		memcpy(all_samples + k, loops[t].samples, loops[t].sample_count * sizeof(uint64_t));
		k += loops[t].sample_count;
	}
	qsort(all_samples, samples, sizeof(uint64_t), compare);
	double rate = measured / ((end - start) / 1e9);
	printf("%d x %d: %.0f req/s, p50 %.1f us, p99 %.1f us\n", connections, in_flight, rate,
			samples ? all_samples[samples / 2] / 1e3 : 0.0, samples ? all_samples[samples * 99 / 100] / 1e3 : 0.0);
	return 0;
}
