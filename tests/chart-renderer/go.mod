module airwave.dev/chart-renderer

go 1.23
