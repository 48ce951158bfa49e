# The Debian package: `cpack -G DEB` in the build directory writes
# faultc_<version>_<arch>.deb from what `cmake --install` installs, under
# /usr (docs/install.md, "The Debian package").
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "faultc")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "faultc maintainers <faultc@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "compile network-fault scenarios to nft and iptables, and run them safely")
set(CPACK_PACKAGE_DESCRIPTION
    "faultc compiles .fault files, a small declarative language for network faults on a Linux host, "
    "into nft scripts, iptables shell scripts and iptables-restore files, and runs them with a "
    "dead-man switch: every scenario takes itself back at its end.")
string(JOIN "" CPACK_PACKAGE_DESCRIPTION ${CPACK_PACKAGE_DESCRIPTION})
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
# Debug information stays in the build tree: stripped, the binary is a
# fraction of its RelWithDebInfo size.
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # faultc_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION "net")
# Depends from the binary's shared libraries (dpkg-shlibdeps); `run` needs
# one of the two firewalls, the compiler alone neither.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "nftables | iptables")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "ansible-core")
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
include(CPack)
