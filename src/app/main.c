/* vitrine: the viewer's entry point. */
#include <stdio.h>

#include "app/cli.h"
#include "app/viewer.h"

#ifndef VITRINE_VERSION
#define VITRINE_VERSION "0.0.0"
#endif

int main(int argc, char **argv)
{
    app_options opt;
    char err[512];
    switch (app_parse_args(argc, argv, &opt, err, sizeof err)) {
    case APP_CLI_HELP:
        fputs(app_usage(), stdout);
        return 0;
    case APP_CLI_VERSION:
        printf("vitrine %s\n", VITRINE_VERSION);
        return 0;
    case APP_CLI_USAGE:
        fprintf(stderr, "vitrine: %s\n", err);
        return 2;
    case APP_CLI_RUN:
        break;
    }
    return app_run_viewer(&opt);
}
