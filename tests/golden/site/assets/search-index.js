window.raporSearch=[
["Kota Cilegon","Kota","kota-cilegon/index.html"],
["Provinsi Banten","Provinsi","prov-banten/index.html"],
["Dinas Sosial","Kota Cilegon (2023)","2023/kota-cilegon/dinsos/index.html"],
["Dinas Pendidikan dan Kebudayaan","Kota Cilegon (2023)","2023/kota-cilegon/disdik/index.html"],
["Dinas Kependudukan dan Pencatatan Sipil","Kota Cilegon (2023)","2023/kota-cilegon/disdukcapil/index.html"],
["Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu","Kota Cilegon (2023)","2023/kota-cilegon/dpmptsp/index.html"],
["Puskesmas Cibeber","Kota Cilegon (2023)","2023/kota-cilegon/puskesmas-cibeber/index.html"],
["Puskesmas Pulomerak","Kota Cilegon (2023)","2023/kota-cilegon/puskesmas-pulomerak/index.html"]
];
