# cmake/packaging.cmake — install rules and the Debian package (CPack DEB).
# The layout is the .deb's (prefix /usr): the systemd units name
# /usr/sbin/pilot-beacond and /usr/sbin/pilot-beacon-*, so `cpack -G DEB`
# (or `cmake --install` with DESTDIR and --prefix /usr) is the supported way.
# Files under /etc are conffiles: dpkg keeps an operator's edits on upgrade.
#   cmake --build build/release && (cd build/release && cpack -G DEB)
include(GNUInstallDirs)

set(PB_ETC_DIR /etc/pilot-beacon)
set(PB_DOC_DIR ${CMAKE_INSTALL_DATAROOTDIR}/doc/pilot-beacon)
set(PB_CONFFILES
  ${PB_ETC_DIR}/appliance.yaml
  ${PB_ETC_DIR}/dev.yaml
  /etc/default/pilot-beacon
  /etc/logrotate.d/pilot-beacon)

install(TARGETS pilot-beacond RUNTIME DESTINATION ${CMAKE_INSTALL_SBINDIR})
install(TARGETS pilot-pktgen RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY pktgen/scenarios/ DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/pilot-beacon/pktgen-scenarios)
foreach(tool check nic-bind hugepages)
  install(PROGRAMS deploy/${tool} DESTINATION ${CMAKE_INSTALL_SBINDIR} RENAME pilot-beacon-${tool})
endforeach()
install(FILES config/appliance.yaml config/dev.yaml DESTINATION ${PB_ETC_DIR})
install(FILES deploy/default/pilot-beacon DESTINATION /etc/default)
install(FILES deploy/logrotate/pilot-beacon DESTINATION /etc/logrotate.d)
install(FILES deploy/systemd/pilot-beacond.service deploy/systemd/pilot-beacon-hugepages.service
        DESTINATION /lib/systemd/system)
install(FILES deploy/udev/60-pilot-beacon-vfio.rules DESTINATION /lib/udev/rules.d)
install(FILES deploy/nginx/pilot-beacon-wss.conf deploy/caddy/Caddyfile
              deploy/systemd/pilot-beacond.service.d/af-xdp.conf.example
        DESTINATION ${PB_DOC_DIR}/examples)
install(FILES README.md docs/operations.md docs/config.md docs/design.md docs/benchmarks.md docs/wss.md
              docs/gossip.md
        DESTINATION ${PB_DOC_DIR})

# The package.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME pilot-beacon)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_CONTACT "pilot-beacon maintainers <pilot-beacon@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Pilot Protocol beacon as a DPDK userspace appliance")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_PACKAGE_DESCRIPTION
  "Discovery, hole-punch coordination, relay and gossip for Pilot daemons, wire-compatible with the Go beacon, on DPDK poll-mode worker lcores.")
# Libraries pilot-beacond links to: computed by dpkg-shlibdeps. DPDK's
# drivers are plugins the EAL loads at run time (no DT_NEEDED), so the
# mempool handler, the buses and the virtual ports are named here; NIC
# drivers are recommended. dpdk ships dpdk-devbind.py (pilot-beacon-nic-bind).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
  "dpdk, librte-mempool-ring23, librte-bus-pci23, librte-bus-vdev23, librte-net-tap23, librte-net-af-packet23, librte-net-af-xdp23, python3, iproute2, adduser")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS
  "librte-net-ice23, librte-net-i40e23, librte-net-ixgbe23, librte-net-mlx5-23, librte-net-virtio23, librte-net-vmxnet3-23")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "nginx | caddy, dpdk-dev")

string(REPLACE ";" "\n" _pb_conffiles "${PB_CONFFILES}")
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/debian/conffiles "${_pb_conffiles}\n")
configure_file(deploy/debian/postinst ${CMAKE_CURRENT_BINARY_DIR}/debian/postinst COPYONLY)
configure_file(deploy/debian/prerm ${CMAKE_CURRENT_BINARY_DIR}/debian/prerm COPYONLY)
configure_file(deploy/debian/postrm ${CMAKE_CURRENT_BINARY_DIR}/debian/postrm COPYONLY)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${CMAKE_CURRENT_BINARY_DIR}/debian/conffiles
  ${CMAKE_CURRENT_BINARY_DIR}/debian/postinst
  ${CMAKE_CURRENT_BINARY_DIR}/debian/prerm
  ${CMAKE_CURRENT_BINARY_DIR}/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
