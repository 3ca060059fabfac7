// Preloaded into the CLI and the studio by the no-network test: every attempt to open an
// internet socket (IPv4 or IPv6; name lookups included) is refused and written to the file named
// by HL_NETWORK_LOG. Local sockets (X11, D-Bus) pass.
#include <dlfcn.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>

extern "C" int socket(int domain, int type, int protocol) {
  using Socket = int (*)(int, int, int);
  static Socket real = reinterpret_cast<Socket>(dlsym(RTLD_NEXT, "socket"));
  if (domain == AF_INET || domain == AF_INET6) {
    const char* log = std::getenv("HL_NETWORK_LOG");
    std::FILE* f = log ? std::fopen(log, "a") : nullptr;
    if (f) {
      std::fprintf(f, "pid %d: socket(%s, %d, %d)\n", int(getpid()), domain == AF_INET ? "AF_INET" : "AF_INET6", type,
              protocol);
      std::fclose(f);
    }
    errno = EACCES;
    return -1;
  }
  return real(domain, type, protocol);
}
