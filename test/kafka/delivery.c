/* Shows on librdkafka's mock cluster what kafka.missingFlush and kafka.produceWithoutPoll describe.
 *   delivery noflush|flush   produce 1000 messages, destroy the producer (with or without flush), then count what
 *                            a consumer reads back from the topic; prints "delivered N".
 *   delivery nopoll|poll     with a delivery-report callback (as setDrMsgCb() installs) and a 100-message queue,
 *                            produce 1000 messages; when produce fails, wait 100 ms and retry (up to 20 times),
 *                            either sleeping (nopoll) or in poll(100) (poll); prints "queue full at N: <error>" or
 *                            "all produced". */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

static void dr_cb(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque) { (void)rk; (void)m; (void)opaque; }

static rd_kafka_t *client(rd_kafka_type_t type, const char *bootstraps, const char **extra) {
        char errstr[512];
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        rd_kafka_conf_set(conf, "bootstrap.servers", bootstraps, errstr, sizeof(errstr));
        rd_kafka_conf_set(conf, "log_level", "0", errstr, sizeof(errstr));
        for (; extra && *extra; extra += 2) rd_kafka_conf_set(conf, extra[0], extra[1], errstr, sizeof(errstr));
        return rd_kafka_new(type, conf, errstr, sizeof(errstr));
}

int main(int argc, char **argv) {
        const char *mode = argc > 1 ? argv[1] : "noflush";
        char errstr[512];
        rd_kafka_conf_t *mconf = rd_kafka_conf_new();
        rd_kafka_conf_set(mconf, "log_level", "0", errstr, sizeof(errstr));
        rd_kafka_t *owner = rd_kafka_new(RD_KAFKA_PRODUCER, mconf, errstr, sizeof(errstr));
        rd_kafka_mock_cluster_t *mc = rd_kafka_mock_cluster_new(owner, 1);
        const char *bootstraps = rd_kafka_mock_cluster_bootstraps(mc);
        rd_kafka_mock_topic_create(mc, "t", 1, 1);
        int i;

        if (!strcmp(mode, "nopoll") || !strcmp(mode, "poll")) {
                int polls = !strcmp(mode, "poll");
                const char *extra[] = {"queue.buffering.max.messages", "100", NULL};
                rd_kafka_conf_t *conf = rd_kafka_conf_new();
                rd_kafka_conf_set(conf, "bootstrap.servers", bootstraps, errstr, sizeof(errstr));
                rd_kafka_conf_set(conf, extra[0], extra[1], errstr, sizeof(errstr));
                rd_kafka_conf_set_dr_msg_cb(conf, dr_cb);
                rd_kafka_t *p = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
                for (i = 0; i < 1000; i++) {
                        int tries;
                        rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
                        for (tries = 0; tries < 20; tries++) {
                                err = rd_kafka_producev(p, RD_KAFKA_V_TOPIC("t"), RD_KAFKA_V_VALUE("m", 1),
                                                        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
                                if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) break;
                                if (polls) rd_kafka_poll(p, 100);
                                else usleep(100 * 1000);
                        }
                        if (err) {
                                printf("queue full at %d: %s\n", i + 1, rd_kafka_err2str(err));
                                fflush(stdout);
                                _exit(0);
                        }
                }
                rd_kafka_flush(p, 10000);
                printf("all produced\n");
                fflush(stdout);
                _exit(0);
        }

        rd_kafka_t *p = client(RD_KAFKA_PRODUCER, bootstraps, NULL);
        for (i = 0; i < 1000; i++)
                rd_kafka_producev(p, RD_KAFKA_V_TOPIC("t"), RD_KAFKA_V_VALUE("m", 1), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
        if (!strcmp(mode, "flush")) rd_kafka_flush(p, 10000);
        rd_kafka_destroy(p);

        const char *extra[] = {"enable.partition.eof", "true", NULL};
        rd_kafka_t *c = client(RD_KAFKA_CONSUMER, bootstraps, extra);
        rd_kafka_topic_t *rkt = rd_kafka_topic_new(c, "t", NULL);
        rd_kafka_consume_start(rkt, 0, RD_KAFKA_OFFSET_BEGINNING);
        int count = 0;
        for (;;) {
                rd_kafka_message_t *m = rd_kafka_consume(rkt, 0, 5000);
                if (!m) break;
                int err = m->err;
                rd_kafka_message_destroy(m);
                if (err == RD_KAFKA_RESP_ERR__PARTITION_EOF) break;
                if (!err) count++;
        }
        printf("delivered %d\n", count);
        fflush(stdout);
        return 0;
}
