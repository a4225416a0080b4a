/*
 * A Kafka-protocol broker for tests: librdkafka's mock cluster on real TCP (127.0.0.1, a free
 * port). Prints its bootstrap address on the first line of stdout, then serves until SIGTERM,
 * SIGINT or the end of stdin (so it dies with the process that started it).
 *
 * Usage: mock-kafka [topic:partitions ...]   topics to create up front (others auto-create with
 * the mock's default of 4 partitions).
 * Build: gcc -O1 -o mock-kafka mock-kafka.c -lrdkafka   (Debian: apt-get install librdkafka-dev)
 */
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <signal.h>
#include <sys/select.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t stop = 0;
static void on_signal(int sig) { (void)sig; stop = 1; }

int main(int argc, char **argv) {
  char errstr[512];
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  /* The mock cluster lives inside a client handle; this producer never produces. */
  if (rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
    fprintf(stderr, "%s\n", errstr);
    return 1;
  }
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (!rk) {
    fprintf(stderr, "rd_kafka_new: %s\n", errstr);
    return 1;
  }
  rd_kafka_mock_cluster_t *mc = rd_kafka_mock_cluster_new(rk, 1);
  if (!mc) {
    fprintf(stderr, "rd_kafka_mock_cluster_new failed\n");
    return 1;
  }
  for (int i = 1; i < argc; i++) {
    char *colon = strrchr(argv[i], ':');
    int partitions = colon ? atoi(colon + 1) : 1;
    if (colon) *colon = '\0';
    if (partitions < 1 || rd_kafka_mock_topic_create(mc, argv[i], partitions, 1) != RD_KAFKA_RESP_ERR_NO_ERROR) {
      fprintf(stderr, "could not create topic %s\n", argv[i]);
      return 1;
    }
  }
  signal(SIGTERM, on_signal);
  signal(SIGINT, on_signal);
  printf("%s\n", rd_kafka_mock_cluster_bootstraps(mc));
  fflush(stdout);
  /* Poll stdin: its end (the parent gone) stops the broker as a signal does. */
  char buf[256];
  while (!stop) {
    fd_set fds;
    FD_ZERO(&fds);
    FD_SET(0, &fds);
    struct timeval tv = {0, 200000};
    int ready = select(1, &fds, NULL, NULL, &tv);
    if (ready > 0 && read(0, buf, sizeof buf) <= 0) break;
  }
  rd_kafka_mock_cluster_destroy(mc);
  rd_kafka_destroy(rk);
  return 0;
}
