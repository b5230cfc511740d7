/* What php-rdkafka does with a configuration: RdKafka\Conf::set() is rd_kafka_conf_set() (global table first,
 * then the default topic configuration), `new RdKafka\Producer($conf)` / `new RdKafka\Consumer($conf)` is
 * rd_kafka_new(). Usage: conf-probe P|C name=value...  Prints one line: SET <name> <errstr> | NEW <errstr> | OK,
 * and librdkafka's log lines (CONFWARN) on stderr. */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>
#include <librdkafka/rdkafka.h>

int main(int argc, char **argv) {
        char errstr[512];
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        int i;
        if (argc < 2) return 2;
        for (i = 2; i < argc; i++) {
                char *name = strdup(argv[i]);
                char *eq = strchr(name, '=');
                if (!eq) return 2;
                *eq = '\0';
                if (rd_kafka_conf_set(conf, name, eq + 1, errstr, sizeof(errstr)) != RD_KAFKA_CONF_OK) {
                        printf("SET %s %s\n", name, errstr);
                        return 0;
                }
        }
        rd_kafka_t *rk = rd_kafka_new(argv[1][0] == 'C' ? RD_KAFKA_CONSUMER : RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
        if (!rk) {
                printf("NEW %s\n", errstr);
                return 0;
        }
        printf("OK\n");
        fflush(stdout);
        fflush(stderr);
        /* The CONFWARN lines are logged inside rd_kafka_new(); skip the slow orderly shutdown. */
        _exit(0);
}
